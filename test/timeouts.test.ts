// Timeouts as Erlang takes them: `after T` and sleep accept Infinity or an integer 0..2^32-1 ms;
// anything else fails the process that asked with `timeout_value` (checked against erl:
// `receive after -1` and `after 1.5` exit with {timeout_value, Stack}), and no other process notices.
// Timeouts past Node's setTimeout limit (2^31-1 ms) chain host timers instead of firing at once.

import { afterEach, describe, expect, it, vi } from "vitest";
import {
  receiveWith, sleep, spawn, join, send, self, systemInfo, TIMEOUT, TimeoutValue,
  receive, after, type Pid, type Proc,
} from "../runtime/index.js";
import { withCrashLog } from "./prelude.js";
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

const BAD: [string, unknown][] = [
  ["NaN", NaN],
  ["a negative number", -1],
  ["a fraction", 1.5],
  ["a numeric string", "50"],
  ["undefined", undefined],
  ["2^32 (past Erlang's maximum)", 2 ** 32],
  ["-Infinity", -Infinity],
];

/** A receive compiled from the DSL, its `after` fed from a runtime value. */
function* compiledReceive(ms: unknown): Proc<string> {
  switch (receive<"never">()) {
    case "never":
      return "message";
    case after(ms as number):
      return "timeout";
  }
}

const FORMS: [string, (ms: unknown) => Proc<unknown>][] = [
  ["receiveWith", function* (ms) { yield* receiveWith(() => false, ms as number); }],
  ["sleep", function* (ms) { yield* sleep(ms as number); }],
  ["the compiled receive's after", compiledReceive],
];

describe("bad timeouts (Erlang's timeout_value)", () => {
  for (const [form, body] of FORMS) {
    for (const [what, ms] of BAD) {
      it(`${form} with ${what} fails that process with timeout_value`, async () => {
        await withCrashLog(async (reports) => {
          const reason = await join(spawn(body, ms));
          expect(reason).toBeInstanceOf(TimeoutValue);
          expect((reason as TimeoutValue).reason).toBe("timeout_value");
          expect((reason as Error).message).toMatch(/not an integer number of milliseconds from 0 to 4294967295 or Infinity \(timeout_value\)/);
          expect(reports).toHaveLength(1);
        });
      });
    }
  }

  it("a process failing with timeout_value leaves every other process's timeouts and sleeps working", async () => {
    await withCrashLog(async () => {
      const before = systemInfo().timerCount;
      const bad = [NaN, -5, 0.5, "x", undefined].map((ms) => join(spawn(FORMS[0]![1], ms)));
      const fired: string[] = [];
      const good = [
        spawn(function* () { if ((yield* receiveWith(() => false, 10)) === TIMEOUT) fired.push("receiveWith"); }),
        spawn(function* () { yield* sleep(10); fired.push("sleep"); }),
        spawn(function* () { fired.push((yield* compiledReceive(10)) as string); }),
      ].map(join);
      for (const r of bad) expect(await r).toBeInstanceOf(TimeoutValue);
      for (const r of good) expect(await r).toBe("normal");
      expect(fired.sort()).toEqual(["receiveWith", "sleep", "timeout"]);
      expect(systemInfo().timerCount).toBe(before);
    });
  });

  it("a bad timeout can be caught in the process, as Erlang's error:timeout_value can", async () => {
    const reason = await join(spawn(function* () {
      try {
        yield* sleep(-1);
      } catch (e) {
        if (!(e instanceof TimeoutValue)) throw e;
        send(self(), "caught");
      }
      if ((yield* receiveWith((m) => m === "caught", 0)) === TIMEOUT) throw new Error("not caught");
    }));
    expect(reason).toBe("normal");
  });

  it("0, Infinity, 2^32-1 and a missing timeout are valid: 0 polls, the others wait", async () => {
    const p = spawn(function* () {
      expect(yield* receiveWith(() => true, 0)).toBe(TIMEOUT);
      expect(yield* compiledReceive(0)).toBe("timeout");
      yield* receiveWith((m) => m === "go", 2 ** 32 - 1);
      yield* receiveWith((m) => m === "go", Infinity);
      yield* receiveWith((m) => m === "go");
    });
    await new Promise((r) => setTimeout(r, 5));
    send(p, "go");
    send(p, "go");
    send(p, "go");
    expect(await join(p)).toBe("normal");
  });
});

describe("timeouts up to 2^32-1 ms, as Erlang allows, past the host timer's limit (2^31-1 ms)", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it("a 2^32-1 ms receive arms host timers of at most 2^31-1 ms, with no TimeoutOverflowWarning", async () => {
    const delays: number[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return real(fn, ms);
    }) as typeof setTimeout);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on("warning", onWarning);
    const p = spawn(function* () { yield* receiveWith((m) => m === "stop", 2 ** 32 - 1); });
    await new Promise<void>((r) => real(r, 30));
    process.off("warning", onWarning);
    expect(delays.filter((d) => d > 2 ** 31 - 1)).toEqual([]);
    // One host timer, not a storm (none at all if an earlier test's capped host timer is still
    // kept: it fires first and the chain goes on from there).
    expect(delays.filter((d) => d === 2 ** 31 - 1).length).toBeLessThanOrEqual(1);
    expect(warnings).not.toContain("TimeoutOverflowWarning");
    send(p, "stop");
    expect(await join(p)).toBe("normal");
  });

  it("a 2^32-1 ms receive times out after 2^32-1 ms, not at the first host timer (chained timers)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    let result: unknown = "pending";
    const done = join(spawn(function* () { result = yield* receiveWith(() => false, 2 ** 32 - 1); }));
    const settle = () => new Promise<void>((r) => setImmediate(r));
    await settle(); // the process runs and blocks
    vi.advanceTimersByTime(2 ** 31 - 1);
    await settle();
    expect(result).toBe("pending");
    vi.advanceTimersByTime(2 ** 32 - 1 - (2 ** 31 - 1) - 1);
    await settle();
    expect(result).toBe("pending");
    vi.advanceTimersByTime(1);
    await settle();
    await settle();
    expect(result).toBe(TIMEOUT);
    vi.useRealTimers();
    expect(await done).toBe("normal");
  });
});

describe("the host timer behind process timers", () => {
  it("a receive with a timeout answered at once, 1,000 times (a gen_server call's pattern), sets the host timer at most once", async () => {
    const set = vi.spyOn(globalThis, "setTimeout");
    const cleared = vi.spyOn(globalThis, "clearTimeout");
    const server = spawn(function* () {
      for (;;) {
        const m = yield* receiveWith((x): x is [Pid, number] => Array.isArray(x));
        send(m[0], m[1]);
      }
    });
    const client = spawn(function* () {
      for (let i = 0; i < 1000; i++) {
        send(server, [self(), i]);
        const r = yield* receiveWith((x) => x === i, 5000);
        if (r !== i) throw new Error(`reply ${String(r)} for ${i}`);
      }
    });
    expect(await join(client)).toBe("normal");
    const hostTimers = set.mock.calls.length;
    const clears = cleared.mock.calls.length;
    vi.restoreAllMocks();
    expect(hostTimers).toBeLessThanOrEqual(1);
    expect(clears).toBe(0);
    expect(systemInfo().timerCount).toBe(0);
  });

  it("a kept host timer holds no program open: a program whose last timeout was answered exits at once", () => {
    // A child program: one receive with a 20 s timeout, answered at once; then nothing is left.
    const code = `
      import { spawn, send, self, receiveWith, join } from "./runtime/index.ts";
      const p = spawn(function* () { send(self(), "hi"); yield* receiveWith((m) => m === "hi", 20000); });
      await join(p);
    `;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8", timeout: 15000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10000);
  });
});
