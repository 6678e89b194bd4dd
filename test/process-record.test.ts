// The process record keeps what few processes need (links, the monitors a process holds, a name,
// joiners, trap_exit) in a side record made on first use, and a watcher reuses its emptied monitor
// table. These tests pin the behaviour those shortcuts must keep, against Erlang's rules.

import { describe, expect, it } from "vitest";
import {
  demonitor,
  exit,
  join,
  link,
  monitor,
  processInfo,
  receiveWith,
  register,
  self,
  spawn,
  systemInfo,
  trapExit,
  whereis,
  TIMEOUT,
  type Proc,
} from "../runtime/index.js";
import { heapAfterGc } from "./gc.js";
import { idle, inProcess } from "./prelude.js";

const isDown = (m: any) => Array.isArray(m) && m[0] === "DOWN";
const isStop = (m: unknown) => m === "stop";

function* waiter(): Proc {
  yield* receiveWith(isStop);
}

describe("the process record", () => {
  it("a process that monitors one process after another gets each one's DOWN, and holds only the live monitors", async () => {
    await inProcess(function* () {
      for (let i = 0; i < 20; i++) {
        const t = spawn(idle);
        const ref = monitor(t);
        expect(processInfo(self())!.monitors).toEqual([t]);
        if (i % 2 === 0) {
          demonitor(ref); // the gen_server call pattern: monitor, (reply), demonitor
          expect(processInfo(self())!.monitors).toEqual([]);
          exit(t, "kill");
          expect(yield* receiveWith(isDown, 10)).toBe(TIMEOUT);
        } else {
          exit(t, "boom");
          expect(yield* receiveWith(isDown)).toEqual(["DOWN", ref, "process", t, "boom"]);
          expect(processInfo(self())!.monitors).toEqual([]);
        }
      }
      expect(systemInfo().monitorCount).toBe(0);
    });
  });

  it("demonitor of the first of three monitors leaves the other two, in the order they were set up", async () => {
    await inProcess(function* () {
      const [a, b, c] = [spawn(idle), spawn(idle), spawn(idle)];
      const ra = monitor(a);
      const rb = monitor(b);
      const rc = monitor(c);
      demonitor(ra);
      expect(processInfo(self())!.monitors).toEqual([b, c]);
      expect(processInfo(a)!.monitoredBy).toEqual([]);
      for (const p of [a, b, c]) exit(p, "kill");
      const downs = [(yield* receiveWith(isDown)) as any[], (yield* receiveWith(isDown)) as any[]];
      expect(downs.map((d) => d[1])).toEqual([rb, rc]);
      expect(yield* receiveWith(isDown, 10)).toBe(TIMEOUT);
    });
  });

  it("a process that monitors itself (allowed in Erlang) dies without a DOWN to anyone and leaves no monitor behind", async () => {
    const p = spawn(function* (): Proc {
      monitor(self());
      expect(processInfo(self())!.monitors).toEqual([self()]);
      expect(processInfo(self())!.monitoredBy).toEqual([self()]);
      exit("boom");
    });
    expect(await join(p)).toBe("boom");
    expect(systemInfo().monitorCount).toBe(0);
  });

  it("a watcher killed through a link by the process it monitors dies too; a third watcher sees both exits; nothing is left", async () => {
    await inProcess(function* () {
      const target = spawn(idle);
      const watcher = spawn(function* (): Proc {
        link(target);
        monitor(target);
        register("record_test_watcher", self());
        yield* receiveWith(() => false);
      });
      yield* receiveWith(() => false, 10); // let the watcher link, monitor and register
      const rt = monitor(target);
      const rw = monitor(watcher);
      exit(target, "boom");
      const downs = [(yield* receiveWith(isDown)) as any[], (yield* receiveWith(isDown)) as any[]];
      expect(downs).toContainEqual(["DOWN", rt, "process", target, "boom"]);
      expect(downs).toContainEqual(["DOWN", rw, "process", watcher, "boom"]);
      expect(whereis("record_test_watcher")).toBeUndefined();
    });
    expect(systemInfo()).toMatchObject({ processCount: 0, registeredCount: 0, linkCount: 0, monitorCount: 0 });
  });

  it("trap_exit, a name and joiners come and go with the process (trapExit(false) on a fresh process reports false)", async () => {
    const p = spawn(function* (): Proc {
      expect(trapExit(false)).toBe(false);
      expect(processInfo(self())!.trapExit).toBe(false);
      expect(trapExit(true)).toBe(false);
      expect(trapExit(true)).toBe(true);
      expect(processInfo(self())!.trapExit).toBe(true);
      register("record_test_named", self());
      expect(processInfo(self())!.registeredName).toBe("record_test_named");
      yield* receiveWith((m) => m === "stop");
    });
    const joins = [join(p), join(p)];
    while (whereis("record_test_named") === undefined) await new Promise((r) => setTimeout(r, 1));
    expect(whereis("record_test_named")).toBe(p);
    exit(p, "kill");
    expect(await Promise.all(joins)).toEqual(["killed", "killed"]);
    expect(whereis("record_test_named")).toBeUndefined();
  });

  it("a waiting process costs well under 1 KB (100,000 of them, heap measured after a full GC)", async () => {
    const N = 100_000;
    await join(spawn(function* (): Proc {})); // warm up the runtime
    const before = heapAfterGc();
    const pids = [];
    for (let i = 0; i < N; i++) pids.push(spawn(waiter));
    while (processInfo(pids[N - 1]!)!.status !== "waiting") await new Promise((r) => setTimeout(r, 1));
    const perProcess = (heapAfterGc() - before) / N;
    for (const p of pids) exit(p, "kill");
    expect(perProcess).toBeLessThan(1024);
  });
});
