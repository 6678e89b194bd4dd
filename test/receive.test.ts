// Selective receive (Erlang's receive ... after ... end): the oldest matching message, others left
// in order; only new arrivals re-tested after a miss; after 0 polls, after Infinity never fires
// (checked against the same scenario on the BEAM).

import { describe, expect, it } from "vitest";
import { receiveWith, lastClause, send, self, spawn, processInfo, TIMEOUT, sleep, join, type Proc } from "../runtime/index.js";
import { inProcess } from "./prelude.js";

describe("selective receive", () => {
  it("takes the oldest matching message and leaves the others queued in order", async () => {
    await inProcess(function* () {
      for (const m of ["a1", 1, "a2", 2, "a3"]) send(self(), m);
      expect(yield* receiveWith((m) => typeof m === "number")).toBe(1);
      expect(processInfo(self())!.messages).toEqual(["a1", "a2", 2, "a3"]);
      expect(yield* receiveWith((m) => typeof m === "number")).toBe(2);
      const rest: unknown[] = [];
      for (let i = 0; i < 3; i++) rest.push(yield* receiveWith(() => true));
      expect(rest).toEqual(["a1", "a2", "a3"]);
    });
  });

  it("after a miss, only newly arrived messages are tested (each queued message is tested once)", async () => {
    const tested: unknown[] = [];
    const p = spawn(function* () {
      yield* receiveWith((m) => {
        tested.push(m);
        return m === "wanted";
      });
    });
    send(p, "junk1");
    send(p, "junk2");
    await new Promise((r) => setTimeout(r, 5)); // p scanned junk1, junk2 and blocked
    send(p, "junk3");
    send(p, "wanted");
    expect(await join(p)).toBe("normal");
    expect(tested).toEqual(["junk1", "junk2", "junk3", "wanted"]);
  });

  it("a matcher returning a clause index: lastClause() says which clause took the message", async () => {
    await inProcess(function* () {
      send(self(), ["b", 2]);
      send(self(), ["a", 1]);
      const clauses = (m: any) => (m[0] === "a" ? 0 : m[0] === "b" ? 1 : -1);
      expect(yield* receiveWith(clauses)).toEqual(["b", 2]);
      expect(lastClause()).toBe(1);
      expect(yield* receiveWith(clauses)).toEqual(["a", 1]);
      expect(lastClause()).toBe(0);
    });
  });

  it("a matcher that throws counts as no match for that message (Erlang: a guard that fails)", async () => {
    await inProcess(function* () {
      send(self(), null);
      send(self(), { n: 1 });
      const m = yield* receiveWith((m: any) => m.n === 1);
      expect(m).toEqual({ n: 1 });
      expect(processInfo(self())!.messages).toEqual([null]);
    });
  });

  it("after 0 with an empty mailbox runs the after branch (trace s8)", async () => {
    await inProcess(function* () {
      expect(yield* receiveWith(() => true, 0)).toBe(TIMEOUT);
      expect(lastClause()).toBe(-1);
    });
  });

  it("after 0 with only unrelated messages times out and keeps the queue (trace s8: queue_len still 1)", async () => {
    await inProcess(function* () {
      send(self(), "unrelated");
      expect(yield* receiveWith((m) => m === "only_this", 0)).toBe(TIMEOUT);
      expect(processInfo(self())!.messageQueueLen).toBe(1);
    });
  });

  it("after 50 fires after about 50 ms (trace s8: 51 ms)", async () => {
    await inProcess(function* () {
      const t0 = performance.now();
      expect(yield* receiveWith((m) => m === "only_this", 50)).toBe(TIMEOUT);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
    });
  });

  it("a message that arrives before the timeout wins, and the timer is cancelled", async () => {
    const p = spawn(function* () {
      return void (yield* receiveWith((m) => m === "wake", 10_000));
    });
    await new Promise((r) => setTimeout(r, 5));
    send(p, "wake");
    expect(await join(p)).toBe("normal");
    expect(runtime.systemInfo().timerCount).toBe(0);
  });

  it("after Infinity never fires: the process waits until a matching message arrives (trace s8)", async () => {
    let result: unknown;
    const W = spawn(function* () {
      result = yield* receiveWith((m) => m === "wake", Infinity);
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(processInfo(W)!.status).toBe("waiting");
    send(W, "wake");
    expect(await join(W)).toBe("normal");
    expect(result).toBe("wake");
  });

  it("a process that always finds a message still lets others run (budget)", async () => {
    const order: string[] = [];
    function* spinner(n: number): Proc {
      send(self(), "tick");
      for (let i = 0; i < n; i++) {
        yield* receiveWith(() => true);
        send(self(), "tick");
        if (i % 1000 === 0) order.push("spin");
      }
    }
    const a = spawn(spinner, 10_000);
    const b = spawn(function* () {
      yield* sleep(0);
      order.push("other");
    });
    await join(a);
    await join(b);
    expect(order.indexOf("other")).toBeLessThan(order.length - 1);
  });
});

import * as runtime from "../runtime/index.js";
