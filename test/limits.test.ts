// Limits, as the BEAM has them: a process limit (`+P`, default 1,048,576) past which spawn fails
// in the spawner with system_limit (checked with `erl +P 1024`: the 1025th spawn raises
// error:system_limit), and a run queue that gives its memory back after a peak.

import { afterEach, describe, expect, it } from "vitest";
import { configure, spawn, spawnLink, join, exit, systemInfo, SystemLimit, BadArg, type Pid } from "../runtime/index.js";
import { RunQueue } from "../runtime/run-queue.js";
import type { Process } from "../runtime/process.js";
import { idle, withCrashLog } from "./prelude.js";

describe("the process limit (Erlang's +P and system_limit)", () => {
  let restore: Parameters<typeof configure>[0] | undefined;
  afterEach(() => {
    if (restore !== undefined) configure(restore);
    restore = undefined;
  });

  it("the default limit is the BEAM's, 1,048,576", () => {
    restore = configure({});
    expect(restore.maxProcesses).toBe(1_048_576);
  });

  it("spawning past the limit fails in the spawner with system_limit, and the others live on", async () => {
    const base = systemInfo().processCount;
    restore = configure({ maxProcesses: base + 5 });
    const children: Pid[] = [];
    await withCrashLog(async (reports) => {
      const spawner = spawn(function* () {
        for (;;) children.push(spawn(idle)); // the spawner is one of the base + 5
      });
      const reason = await join(spawner);
      expect(reason).toBeInstanceOf(SystemLimit);
      expect((reason as SystemLimit).reason).toBe("system_limit");
      expect((reason as Error).message).toMatch(/spawn\(idle, \.\.\.\): \d+ processes are alive, the limit \(system_limit\)\. Raise it with configure\(\{ maxProcesses \}\)/);
      expect(reports).toHaveLength(1);
    });
    expect(children).toHaveLength(4);
    for (const c of children) exit(c, "kill");
    // Room again once they are gone: spawning works.
    const p = spawn(function* () {});
    expect(await join(p)).toBe("normal");
  });

  it("spawnLink past the limit throws in the caller before linking anything", async () => {
    const base = systemInfo().processCount;
    restore = configure({ maxProcesses: base + 1 });
    let caught: unknown;
    const p = spawn(function* () {
      try {
        spawnLink(idle);
      } catch (e) {
        caught = e;
      }
    });
    expect(await join(p)).toBe("normal");
    expect(caught).toBeInstanceOf(SystemLimit);
    expect(systemInfo().linkCount).toBe(0);
  });

  it("configure rejects a limit that is not a positive integer", () => {
    expect(() => configure({ maxProcesses: 0 })).toThrow(BadArg);
    expect(() => configure({ maxProcesses: NaN })).toThrow(/maxProcesses: NaN.*integer >= 1/);
  });
});

describe("the run queue gives memory back after a peak", () => {
  it("grows to hold a peak of runnable processes and shrinks back to its minimum once they ran", () => {
    const q = new RunQueue();
    const items = Array.from({ length: 100_000 }, (_, i) => ({ i }) as unknown as Process);
    for (const it of items) q.push(it);
    expect(q.capacity).toBeGreaterThanOrEqual(100_000);
    const out: Process[] = [];
    while (q.size > 0) out.push(q.shift());
    expect(out).toEqual(items); // still FIFO across every resize
    expect(q.capacity).toBe(1024);
  });

  it("stays FIFO when it shrinks with the ring wrapped around", () => {
    const q = new RunQueue();
    let next = 0;
    let expected = 0;
    const got: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++) q.push({ i: next++ } as unknown as Process);
      for (let i = 0; i < 2500; i++) got.push((q.shift() as unknown as { i: number }).i);
    }
    while (q.size > 0) got.push((q.shift() as unknown as { i: number }).i);
    expect(got).toEqual(Array.from({ length: next }, () => expected++));
    expect(q.capacity).toBe(1024);
  });
});
