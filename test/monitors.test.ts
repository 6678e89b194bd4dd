// Monitors (Erlang: monitor(process, Pid), demonitor/1,2), checked against the same scenarios on the BEAM.

import { describe, expect, it } from "vitest";
import { monitor, demonitor, exit, spawn, spawnMonitor, send, self, receiveWith, processInfo, systemInfo, TIMEOUT, join, type Proc } from "../runtime/index.js";
import { idle, inProcess } from "./prelude.js";

const isDown = (m: any) => Array.isArray(m) && m[0] === "DOWN";

describe("monitors", () => {
  it("a monitored process that dies with boom sends ['DOWN', ref, 'process', pid, boom] (trace s7)", async () => {
    await inProcess(function* () {
      const T = spawn(function* () {
        yield* receiveWith((m) => m === "die");
        exit("boom");
      });
      const ref = monitor(T);
      send(T, "die");
      expect(yield* receiveWith(isDown)).toEqual(["DOWN", ref, "process", T, "boom"]);
    });
  });

  it("monitoring a dead pid gives DOWN with noproc at once (trace s7)", async () => {
    await inProcess(function* () {
      const dead = spawn(idle);
      exit(dead, "kill");
      const ref = monitor(dead);
      expect(yield* receiveWith(isDown, 0)).toEqual(["DOWN", ref, "process", dead, "noproc"]);
    });
  });

  it("a monitor is one-way: the watcher is not killed, and each monitor gives its own DOWN", async () => {
    await inProcess(function* () {
      const T = spawn(idle);
      const r1 = monitor(T);
      const r2 = monitor(T);
      expect(r1).not.toBe(r2);
      exit(T, "boom");
      const a: any = yield* receiveWith(isDown);
      const b: any = yield* receiveWith(isDown);
      expect([a[1], b[1]].sort()).toEqual([r1, r2].sort());
    });
  });

  it("demonitor removes the monitor: no DOWN arrives; with flush an arrived DOWN is removed", async () => {
    await inProcess(function* () {
      const T = spawn(idle);
      const ref = monitor(T);
      demonitor(ref);
      exit(T, "boom");
      expect(yield* receiveWith(isDown, 20)).toBe(TIMEOUT);
      const U = spawn(idle);
      const ref2 = monitor(U);
      exit(U, "boom");
      expect(processInfo(self())!.messageQueueLen).toBe(1);
      demonitor(ref2, { flush: true });
      expect(processInfo(self())!.messageQueueLen).toBe(0);
    });
  });

  it("spawnMonitor watches the child from its first step", async () => {
    await inProcess(function* () {
      const [pid, ref] = spawnMonitor(function* () {
        exit("early");
      });
      expect(yield* receiveWith(isDown)).toEqual(["DOWN", ref, "process", pid, "early"]);
    });
  });

  it("a watcher's death removes its monitors from the watched process", async () => {
    const T = spawn(idle);
    const watcher = spawn(function* (): Proc {
      monitor(T);
      yield* receiveWith(() => false, 5);
    });
    await join(watcher);
    expect(processInfo(T)!.monitoredBy).toEqual([]);
    exit(T, "kill");
    await join(T);
    expect(systemInfo().monitorCount).toBe(0);
  });
});
