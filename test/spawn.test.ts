// Processes and pids: spawn, self, pid printing, unforgeable pids, crashes as exit reasons
// (never a dead Node), and the errors for misuse.

import { describe, expect, it } from "vitest";
import { spawn, self, send, join, Pid, receiveWith, NotInProcess, isAlive, type Proc } from "../runtime/index.js";
import { withCrashLog } from "./prelude.js";

describe("spawn and pids", () => {
  it("spawn runs fn(...args) in a new process and returns its pid at once", async () => {
    const seen: unknown[] = [];
    const p = spawn(function* (a: number, b: string): Proc {
      seen.push(a, b, self());
    }, 1, "two");
    expect(seen).toEqual([]); // not run yet: spawn never runs the child synchronously
    expect(await join(p)).toBe("normal");
    expect(seen).toEqual([1, "two", p]);
  });

  it("pids print as <0.N.0> and cannot be forged", () => {
    const p = spawn(function* (): Proc {});
    expect(String(p)).toMatch(/^<0\.\d+\.0>$/);
    expect(JSON.stringify({ p })).toBe(`{"p":"${p}"}`);
    const PidCtor = Pid as unknown as new (...a: unknown[]) => Pid;
    expect(() => new PidCtor(Symbol("fake"), 1, null)).toThrow(/cannot be constructed/);
  });

  it("spawning a plain function says a generator function was expected", () => {
    expect(() => spawn((() => 42) as never)).toThrow(/expected a generator function \(function\*\).*returned 42/);
    expect(() => spawn("top" as never)).toThrow(/fn must be a generator function/);
  });

  it("a function returning a generator is accepted (e.g. a closure over arguments)", async () => {
    function* loop(n: number): Proc {
      if (n > 0) return loop(n - 1);
    }
    expect(await join(spawn(() => loop(3)))).toBe("normal");
  });

  it("a crash ends the process with the error as reason, is logged once with pid and stack, and Node lives on", async () => {
    await withCrashLog(async (reports) => {
      const err = new TypeError("bad thing");
      const p = spawn(function* (): Proc {
        throw err;
      });
      expect(await join(p)).toBe(err);
      expect(reports).toHaveLength(1);
      expect(reports[0]!.pid).toBe(p);
      expect(reports[0]!.reason).toBe(err);
      expect(reports[0]!.stack).toContain("bad thing");
    });
  });

  it("a message to a dead pid is dropped silently", async () => {
    const p = spawn(function* (): Proc {});
    await join(p);
    expect(isAlive(p)).toBe(false);
    expect(() => send(p, "hello?")).not.toThrow();
    expect(await join(p)).toBe("noproc");
  });

  it("process-only operations called from plain code say so", () => {
    expect(() => self()).toThrow(NotInProcess);
    expect(() => self()).toThrow(/inside a process/);
  });

  it("yielding a plain value from a process is a crash that names the fix", async () => {
    await withCrashLog(async (reports) => {
      const p = spawn(function* (): Generator<unknown, void, unknown> {
        yield 5;
      });
      const reason = await join(p);
      expect(String(reason)).toMatch(/yielded 5.*yield\* receiveWith/);
      expect(reports).toHaveLength(1);
    });
  });
});
