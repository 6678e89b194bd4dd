// monitor(name): Erlang's monitor(process, Name) for a registered name. Checked with erl: the DOWN
// message names the process {Name, Node}, noproc at once for a name nobody holds, and the name
// monitored is kept even if the process is renamed. ts-otp has one node, so DOWN carries the name.

import { describe, expect, it } from "vitest";
import { monitor, demonitor, register, unregister, spawn, send, exit, receiveWith, systemInfo, TIMEOUT, BadArg, type Proc } from "../runtime/index.js";
import { idle, inProcess } from "./prelude.js";

const isDown = (m: any) => Array.isArray(m) && m[0] === "DOWN";

describe("monitor(name) (Erlang's monitor(process, Name))", () => {
  it("monitoring a registered name: DOWN names the process by that name, with its exit reason", async () => {
    await inProcess(function* () {
      const T = spawn(function* (): Proc {
        yield* receiveWith((m) => m === "die");
        exit("bye");
      });
      register("mn_server", T);
      const ref = monitor("mn_server");
      send("mn_server", "die");
      expect(yield* receiveWith(isDown)).toEqual(["DOWN", ref, "process", "mn_server", "bye"]);
    });
  });

  it("monitoring a name nobody holds gives DOWN with noproc at once, naming the name", async () => {
    await inProcess(function* () {
      const ref = monitor("mn_nobody");
      expect(yield* receiveWith(isDown, 0)).toEqual(["DOWN", ref, "process", "mn_nobody", "noproc"]);
    });
  });

  it("the monitor watches the process, not the name: renamed, its DOWN still names the monitored name", async () => {
    await inProcess(function* () {
      const T = spawn(idle);
      register("mn_old", T);
      const ref = monitor("mn_old");
      unregister("mn_old");
      register("mn_new", T);
      exit(T, "kill");
      expect(yield* receiveWith(isDown)).toEqual(["DOWN", ref, "process", "mn_old", "killed"]);
    });
  });

  it("demonitor of a name monitor removes it: no DOWN comes, and nothing is left behind", async () => {
    const before = systemInfo().monitorCount;
    await inProcess(function* () {
      const T = spawn(idle);
      register("mn_demon", T);
      const ref = monitor("mn_demon");
      expect(systemInfo().monitorCount).toBe(before + 2);
      demonitor(ref);
      exit(T, "kill");
      expect(yield* receiveWith(isDown, 20)).toBe(TIMEOUT);
    });
    expect(systemInfo().monitorCount).toBe(before);
  });

  it("a monitor by pid still names the pid; a value that is neither pid nor name is badarg", async () => {
    await inProcess(function* () {
      const T = spawn(idle);
      register("mn_both", T);
      const byName = monitor("mn_both");
      const byPid = monitor(T);
      exit(T, "kill");
      const downs = [yield* receiveWith(isDown), yield* receiveWith(isDown)] as any[];
      expect(downs.find((d) => d[1] === byName)[3]).toBe("mn_both");
      expect(downs.find((d) => d[1] === byPid)[3]).toBe(T);
      expect(() => monitor(42 as any)).toThrow(BadArg);
    });
  });
});
