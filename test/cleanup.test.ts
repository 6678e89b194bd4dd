// A finished process leaves nothing behind: after 100,000 short-lived processes with links,
// monitors, names and timers, the process table, registry, link sets and timers are empty and
// the heap is back near its baseline.

import { describe, expect, it } from "vitest";
import { spawn, spawnLink, monitor, register, receiveWith, trapExit, join, systemInfo, send, type Proc } from "../runtime/index.js";
import { heapAfterGc } from "./gc.js";

describe("cleanup after death", () => {
  it("100,000 short-lived processes with links, monitors, names and timers leave the runtime empty", async () => {
    const N = 100_000;
    function* child(i: number): Proc {
      if (i % 10 === 0) register(`child_${i}`, runtime.self());
      yield* receiveWith((m) => m === "never", i % 3 === 0 ? 60_000 : 0); // some wait with a live timer
    }
    function* parent(): Proc {
      trapExit(true);
      for (let done = 0; done < N; ) {
        const batch: ReturnType<typeof spawn>[] = [];
        for (let i = 0; i < 1000; i++) {
          const c = spawnLink(child, done + i);
          monitor(c);
          batch.push(c);
        }
        // kill the ones blocked with a 60 s timer; the rest time out at once
        for (let i = 0; i < batch.length; i++) if ((done + i) % 3 === 0) runtime.exit(batch[i]!, "shutdown");
        for (let i = 0; i < 1000; i++) {
          yield* receiveWith((m: any) => m[0] === "DOWN");
          yield* receiveWith((m: any) => m[0] === "EXIT");
        }
        done += 1000;
      }
    }

    await join(spawn(function* (): Proc {})); // warm up the runtime
    const baseline = heapAfterGc();
    expect(await join(spawn(parent))).toBe("normal");
    expect(systemInfo()).toEqual({ processCount: 0, registeredCount: 0, timerCount: 0, runQueueLength: 0, linkCount: 0, monitorCount: 0 });
    const after = heapAfterGc();
    expect(after - baseline).toBeLessThan(4 * 1024 * 1024);
    expect(() => send("child_10", "x")).toThrow(); // the names are gone
  });
});

import * as runtime from "../runtime/index.js";
