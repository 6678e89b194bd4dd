// Blocking on time and on promises inside a process: yield* sleep(ms), yield* wait(promise).

import { describe, expect, it } from "vitest";
import { sleep, wait, spawn, join, send, processInfo, receiveWith, type Proc } from "../runtime/index.js";
import { inProcess, withCrashLog } from "./prelude.js";

describe("sleep and wait", () => {
  it("sleep(ms) suspends the process for about ms", async () => {
    await inProcess(function* () {
      const t0 = performance.now();
      yield* sleep(30);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
    });
  });

  it("a sleeping process is 'suspended' and keeps its messages for later", async () => {
    const p = spawn(function* (): Proc {
      yield* sleep(30);
      const m = yield* receiveWith(() => true, 0);
      if (m !== "kept") throw new Error("lost");
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(processInfo(p)!.status).toBe("suspended");
    send(p, "kept");
    expect(await join(p)).toBe("normal");
  });

  it("wait(promise) evaluates to the resolved value", async () => {
    await inProcess(function* () {
      const v = yield* wait(new Promise<number>((r) => setTimeout(() => r(42), 5)));
      expect(v).toBe(42);
      expect(yield* wait("plain value")).toBe("plain value");
    });
  });

  it("a rejected wait throws inside the process, where it can be caught", async () => {
    await inProcess(function* () {
      let caught: unknown;
      try {
        yield* wait(Promise.reject(new Error("nope")));
      } catch (e) {
        caught = e;
      }
      expect((caught as Error).message).toBe("nope");
    });
  });

  it("an uncaught rejection ends the process with that error as reason", async () => {
    await withCrashLog(async (reports) => {
      const err = new Error("rejected");
      const p = spawn(function* (): Proc {
        yield* wait(Promise.reject(err));
      });
      expect(await join(p)).toBe(err);
      expect(reports.map((r) => r.reason)).toEqual([err]);
    });
  });
});
