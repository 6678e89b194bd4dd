// Links and the propagation of exit signals: exit signals propagate through links, and processes
// can trap them (Erlang's error-handling rules), each expectation checked against the same
// scenario run on the BEAM with erl.

import { describe, expect, it } from "vitest";
import { Pid, monitor, exit, link, unlink, spawn, spawnLink, processInfo, receiveWith, self, NoProc, isAlive, trapExit, type Proc, type Call } from "../runtime/index.js";
import { idle, inProcess, Scenario, withCrashLog } from "./prelude.js";

describe("links (Erlang: exit signals propagate through links)", () => {
  it("a chain A-B-C, none trapping: A's exit(boom) kills B and C, all with boom (trace s1)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const [A, B, C] = [sc.actor("A"), sc.actor("B"), sc.actor("C")];
      expect(yield* sc.in(A, () => link(B))).toBe(true);
      expect(yield* sc.in(B, () => link(C))).toBe(true);
      yield* sc.in(A, () => exit("boom"));
      yield* sc.settle();
      expect([isAlive(A), isAlive(B), isAlive(C)]).toEqual([false, false, false]);
    });
    expect(sc.log).toEqual(["DOWN A reason=boom", "DOWN B reason=boom", "DOWN C reason=boom"]);
  });

  it("a thrown error propagates as that error, and only the thrower is logged (trace s1b)", async () => {
    const sc = new Scenario();
    const boom = new Error("boom");
    await withCrashLog(async (reports) => {
      await inProcess(function* () {
        const [A, B, C] = [sc.actor("A"), sc.actor("B"), sc.actor("C")];
        yield* sc.in(A, () => link(B));
        yield* sc.in(B, () => link(C));
        yield* sc.in(A, () => {
          throw boom;
        });
        yield* sc.settle();
      });
      expect(reports.map((r) => r.reason)).toEqual([boom]);
    });
        expect(sc.log).toEqual(["DOWN A reason=Error(boom)", "DOWN B reason=Error(boom)", "DOWN C reason=Error(boom)"]);
  });

  it("a normal exit does not propagate to non-trapping peers (trace s1c)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const [A, B, C] = [sc.actor("A"), sc.actor("B"), sc.actor("C")];
      yield* sc.in(A, () => link(B));
      yield* sc.in(B, () => link(C));
      yield* sc.in(A, () => exit("normal"));
      yield* sc.settle();
      expect([isAlive(A), isAlive(B), isAlive(C)]).toEqual([false, true, true]);
    });
    expect(sc.log).toEqual(["DOWN A reason=normal"]);
  });

  it("a trapping process in the middle stops propagation and gets ['EXIT', A, boom] (trace s2)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const A = sc.actor("A");
      const B = sc.actor("B", { trap: true });
      const C = sc.actor("C");
      yield* sc.in(A, () => link(B));
      yield* sc.in(B, () => link(C));
      yield* sc.in(A, () => exit("boom"));
      yield* sc.settle();
      expect([isAlive(A), isAlive(B), isAlive(C)]).toEqual([false, true, true]);
      expect(processInfo(B)!.links).toEqual([C]);
    });
    expect(sc.log.sort()).toEqual(["B got [EXIT,A,boom]", "DOWN A reason=boom"]);
  });

  it("layered trapping: an error in A, B or C kills all three; the trapping D is unaffected (Erlang course: complex propagation)", async () => {
    for (const victim of ["A", "B", "C"] as const) {
      const sc = new Scenario();
      await inProcess(function* () {
        const p = { A: sc.actor("A"), B: sc.actor("B"), C: sc.actor("C"), D: sc.actor("D", { trap: true }) };
        yield* sc.in(p.A, () => link(p.B));
        yield* sc.in(p.B, () => link(p.C));
        yield* sc.in(p.C, () => link(p.D));
        yield* sc.in(p[victim], () => exit("error"));
        yield* sc.settle();
        expect([isAlive(p.A), isAlive(p.B), isAlive(p.C), isAlive(p.D)]).toEqual([false, false, false, true]);
      });
      expect(sc.log.filter((l) => l.startsWith("DOWN")).sort()).toEqual(["DOWN A reason=error", "DOWN B reason=error", "DOWN C reason=error"]);
      expect(sc.log).toContain("D got [EXIT,C,error]");
    }
  });

  it("layered supervision: level 1 traps and restarts level 2, which traps and restarts the worker (Erlang course: robust systems by layering)", async () => {
    const events: string[] = [];
    function* worker(n: number): Proc {
      if (n === 0) throw new Error("worker bug");
      yield* receiveWith(() => false);
    }
    function* level2(): Proc {
      trapExit(true);
      let w = spawnLink(worker, 0);
      const m: any = yield* receiveWith((m: any) => m[0] === "EXIT");
      events.push(`level2 restarts worker after ${(m[2] as Error).message}`);
      w = spawnLink(worker, 1);
      exit("level2 gives up"); // now level 2 itself fails
    }
    await withCrashLog(async () => {
      await inProcess(function* () {
        trapExit(true);
        spawnLink(level2);
        const m: any = yield* receiveWith((m: any) => m[0] === "EXIT");
        events.push(`level1 got ${m[2]}`);
      });
    });
    expect(events).toEqual(["level2 restarts worker after worker bug", "level1 got level2 gives up"]);
  });

  it("link to a dead pid: a trapping linker gets ['EXIT', Dead, noproc] (trace s6)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const Dead = sc.actor("Dead");
      yield* sc.in(Dead, () => exit("normal"));
      const L = sc.actor("Linker_trapping", { trap: true });
      expect(yield* sc.in(L, () => link(Dead))).toBe(true);
      yield* sc.settle();
    });
    expect(sc.log.sort()).toEqual(["DOWN Dead reason=normal", "Linker_trapping got [EXIT,Dead,noproc]"]);
  });

  it("link to a dead pid: a non-trapping linker gets noproc raised by link itself; caught it lives, uncaught it dies (trace s6)", async () => {
    const sc = new Scenario();
    await withCrashLog(async (reports) => {
      await inProcess(function* () {
        const dead = spawn(idle);
        exit(dead, "kill");
        const L = sc.actor("Linker_caught");
        const r: any = yield* sc.in(L, () => link(dead), true);
        expect(r[0]).toBe("threw");
        expect(r[1]).toBeInstanceOf(NoProc);
        expect(isAlive(L)).toBe(true);
        const bare = spawn(function* () {
          link(dead);
        });
        const reason = yield* watch(bare);
        expect(reason).toBeInstanceOf(NoProc);
        expect((reason as NoProc).reason).toBe("noproc");
      });
      expect(reports).toHaveLength(1);
    });
  });

  it("unlink removes the link both ways: the peer's exit no longer arrives", async () => {
    await inProcess(function* () {
      const peer = spawn(idle);
      link(peer);
      expect(processInfo(peer)!.links).toEqual([self()]);
      unlink(peer);
      expect(processInfo(peer)!.links).toEqual([]);
      exit(peer, "boom");
      const m = yield* receiveWith(() => true, 20);
      expect(typeof m).toBe("symbol"); // nothing arrived, and we are alive
    });
  });

  it("spawnLink links before the child runs, so even an instant crash is seen", async () => {
    await withCrashLog(async () => {
      await inProcess(function* () {
        trapExit(true);
        const child = spawnLink(function* () {
          throw new Error("at once");
        });
        const m: any = yield* receiveWith(() => true);
        expect(m[0]).toBe("EXIT");
        expect(m[1]).toBe(child);
        expect((m[2] as Error).message).toBe("at once");
      });
    });
  });
});

/** Monitors `pid` and waits for its DOWN; returns the reason. */
function* watch(pid: Pid): Call<unknown> {
  const ref = monitor(pid);
  const m: any = yield* receiveWith((m: any) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref);
  return m[4];
}
