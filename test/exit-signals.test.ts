// exit/2 and exit/1: Erlang's rules for explicit exit signals (OTP reference manual, "Processes"),
// each expectation checked against the same scenario run on the BEAM with erl.

import { describe, expect, it } from "vitest";
import { send, exit, link, isAlive, self, spawn, trapExit, receiveWith, sleep, ProcessExit, HOST, join, type Pid, type Proc } from "../runtime/index.js";
import { idle, inProcess, Scenario } from "./prelude.js";

describe("exit signals (Erlang: exit/2, exit/1, kill)", () => {
  it("exit(P, normal) is ignored by a non-trapping P; a trapping P gets ['EXIT', sender, normal] (trace s3)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const X = sc.actor("X");
      const P1 = sc.actor("P1_not_trapping");
      const P2 = sc.actor("P2_trapping", { trap: true });
      expect(yield* sc.in(X, () => exit(P1, "normal"))).toBe(true);
      expect(yield* sc.in(X, () => exit(P2, "normal"))).toBe(true);
      yield* sc.settle();
      expect([isAlive(X), isAlive(P1), isAlive(P2)]).toEqual([true, true, true]);
    });
    expect(sc.log).toEqual(["P2_trapping got [EXIT,X,normal]"]);
  });

  it("a linked peer exiting normally: a non-trapping peer lives, a trapping peer gets the EXIT (trace s3, linked variant)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const P1 = sc.actor("P1_not_trapping");
      const P2 = sc.actor("P2_trapping", { trap: true });
      const Y = sc.actor("Y");
      yield* sc.in(Y, () => (link(P1), link(P2)));
      yield* sc.in(Y, () => exit("normal"));
      yield* sc.settle();
      expect([isAlive(Y), isAlive(P1), isAlive(P2)]).toEqual([false, true, true]);
    });
    expect(sc.log.sort()).toEqual(["DOWN Y reason=normal", "P2_trapping got [EXIT,Y,normal]"]);
  });

  it("exit(self(), normal) ends a non-trapping caller; a trapping caller gets the EXIT from itself and lives (trace s3b)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const P = sc.actor("P_not_trapping");
      const Q = sc.actor("Q_trapping", { trap: true });
      expect(yield* sc.in(P, () => exit(self(), "normal"))).toEqual(["died", "normal"]);
      yield* sc.in(Q, () => exit(self(), "normal"));
      yield* sc.settle();
      expect([isAlive(P), isAlive(Q)]).toEqual([false, true]);
    });
    expect(sc.log.sort()).toEqual(["DOWN P_not_trapping reason=normal", "Q_trapping got [EXIT,Q_trapping,normal]"]);
  });

  it("exit(P, boom) without a link kills a non-trapping P; a trapping P gets the EXIT (trace s3c)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const X = sc.actor("X");
      const P1 = sc.actor("P1_not_trapping");
      const P2 = sc.actor("P2_trapping", { trap: true });
      yield* sc.in(X, () => exit(P1, "boom"));
      yield* sc.in(X, () => exit(P2, "boom"));
      yield* sc.settle();
      expect([isAlive(X), isAlive(P1), isAlive(P2)]).toEqual([true, false, true]);
    });
    expect(sc.log.sort()).toEqual(["DOWN P1_not_trapping reason=boom", "P2_trapping got [EXIT,X,boom]"]);
  });

  it("exit(P, kill) cannot be trapped: P dies with killed, and its links carry killed (trace s4)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const X = sc.actor("X");
      const P = sc.actor("P_trapping", { trap: true });
      const L1 = sc.actor("L1_trapping", { trap: true });
      const L2 = sc.actor("L2_not_trapping");
      yield* sc.in(P, () => (link(L1), link(L2)));
      expect(yield* sc.in(X, () => exit(P, "kill"))).toBe(true);
      yield* sc.settle();
      expect([isAlive(X), isAlive(P), isAlive(L1), isAlive(L2)]).toEqual([true, false, true, false]);
    });
    expect(sc.log.sort()).toEqual(["DOWN L2_not_trapping reason=killed", "DOWN P_trapping reason=killed", "L1_trapping got [EXIT,P_trapping,killed]"]);
  });

  it("a process whose own reason is kill sends a plain, trappable kill; exit(self(), kill) gives killed (trace s4b)", async () => {
    const sc = new Scenario();
    await inProcess(function* () {
      const P = sc.actor("P");
      const L1 = sc.actor("L1_trapping", { trap: true });
      const L2 = sc.actor("L2_not_trapping");
      yield* sc.in(P, () => (link(L1), link(L2)));
      yield* sc.in(P, () => exit("kill"));
      const P2 = sc.actor("P2");
      const L3 = sc.actor("L3_trapping", { trap: true });
      yield* sc.in(P2, () => link(L3));
      yield* sc.in(P2, () => exit(self(), "kill"));
      yield* sc.settle();
      expect([isAlive(L1), isAlive(L2), isAlive(L3)]).toEqual([true, false, true]);
    });
    expect(sc.log.sort()).toEqual([
      "DOWN L2_not_trapping reason=kill",
      "DOWN P reason=kill",
      "DOWN P2 reason=killed",
      "L1_trapping got [EXIT,P,kill]",
      "L3_trapping got [EXIT,P2,killed]",
    ]);
  });

  it("a child that returns sends normal to its trapping parent (trace s5)", async () => {
    await inProcess(function* () {
      trapExit(true);
      const child = spawn(function* () {
        yield* receiveWith((m) => m === "go");
      });
      link(child);
      send(child, "go");
      const m = yield* receiveWith(() => true);
      expect(m).toEqual(["EXIT", child, "normal"]);
    });
  });

  it("exit(reason) raises an exception that can be caught, like Erlang's exit/1", async () => {
    await inProcess(function* () {
      let caught: unknown;
      try {
        exit("soft");
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ProcessExit);
      expect((caught as ProcessExit).reason).toBe("soft");
    });
  });

  it("exit(pid, reason) from plain code names the host pid <0.0.0> as sender", async () => {
    const got: unknown[] = [];
    const p = spawn(function* () {
      trapExit(true);
      got.push(yield* receiveWith(() => true));
    });
    await new Promise((r) => setTimeout(r, 5));
    exit(p, "from outside");
    expect(await join(p)).toBe("normal");
    expect(got).toEqual([["EXIT", HOST, "from outside"]]);
    expect(String(HOST)).toBe("<0.0.0>");
  });

  it("a process killed by its own exit(pid) cascade runs on to its next operation, and its catch never sees the runtime (signals are asynchronous)", async () => {
    // erl: after exit(B, boom) on a linked B, the caller's next lines still run; it dies at its receive.
    const reached: string[] = [];
    const p = spawn(function* () {
      const peer = spawn(idle);
      link(peer);
      try {
        exit(peer, "boom"); // peer dies, and its link kills us
        reached.push("after exit");
      } catch (e) {
        reached.push(`caught ${String(e)}`);
      }
      try {
        yield* receiveWith(() => true, 0);
        reached.push("after receive");
      } catch (e) {
        reached.push(`caught ${String(e)}`);
      } finally {
        reached.push("finally");
      }
    });
    expect(await join(p)).toBe("boom");
    expect(reached).toEqual(["after exit"]); // killed at the receive: no catch, no finally
  });

  it("exit(self(), reason) takes effect at once: it unwinds with the public ProcessExit, and a caught one still ends the process", async () => {
    const seen: unknown[] = [];
    const p = spawn(function* () {
      try {
        exit(self(), "boom");
        seen.push("ran on");
      } catch (e) {
        seen.push(e instanceof ProcessExit ? ["ProcessExit", e.reason] : e);
      }
      seen.push("after catch");
      yield* sleep(0);
      seen.push("after sleep");
    });
    expect(await join(p)).toBe("boom");
    expect(seen).toEqual([["ProcessExit", "boom"], "after catch"]);
  });

  it("a killed process stops at its next tail call too, whatever it catches", async () => {
    let laps = 0;
    function* loop(peer: Pid): Proc {
      if (++laps === 3) {
        try { exit(peer, "boom"); } catch { laps = -1000; }
      }
      return loop(peer);
    }
    const p = spawn(function* (): Proc {
      const peer = spawn(idle);
      link(peer);
      return loop(peer);
    });
    expect(await join(p)).toBe("boom");
    expect(laps).toBe(3);
  });
});
