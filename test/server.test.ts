// ts-otp/server against gen_server's documented behaviour (and Erlang/OTP 25 where the docs are
// silent: the results of test/erlang/gen_server_check.erl are quoted where they decide a rule).

import { describe, expect, it } from "vitest";
import {
  receive, after, send, self, spawn, spawnLink, monitor, exit, trapExit, join, whereis, sleep, wait, processInfo, isAlive,
  type Pid, type Proc,
} from "../runtime/index.js";
import * as server from "../otp/server.js";
import { inProcess, withCrashLog, idle } from "./prelude.js";

/** A counter with every kind of answer, and a witness pid that hears terminate. */
interface St {
  n: number;
  witness: Pid | undefined;
  pending: server.From[];
}

const counter: server.Behaviour<St> = {
  init(n: number, witness?: Pid) {
    if (witness !== undefined) send(witness, ["init_ran_in", self()]);
    return ["ok", { n, witness, pending: [] }];
  },
  handleCall(req: any, from, s) {
    switch (Array.isArray(req) ? req[0] : req) {
      case "get":
        return ["reply", s.n, s];
      case "inc":
        return ["reply", s.n + 1, { ...s, n: s.n + 1 }];
      case "later": // keep the caller waiting; "release" answers
        return ["noreply", { ...s, pending: [...s.pending, from] }];
      case "stop_with_reply":
        return ["stop", "normal", "bye", s];
      case "exit":
        exit(req[1]);
      case "throw":
        throw new Error("handleCall blew up");
      case "bad":
        return ["what", s] as any;
      default:
        return ["reply", ["unknown", req], s];
    }
  },
  handleCast(msg: any, s) {
    if (msg === "release") {
      for (const f of s.pending) server.reply(f, "released");
      return ["noreply", { ...s, pending: [] }];
    }
    if (msg === "stop") return ["stop", "cast_stop", s];
    return ["noreply", { ...s, n: s.n + Number(msg) }];
  },
  handleInfo(msg, s) {
    if (s.witness !== undefined) send(s.witness, ["info", msg]);
    return ["noreply", s];
  },
  terminate(reason, s) {
    if (s.witness !== undefined) send(s.witness, ["terminate", reason, s.n]);
  },
};

/** The next message, or "nothing" after `ms`. */
function* next(ms = 1000): Proc<unknown> {
  switch (receive<unknown>()) {
    case M:
      return M;
    case after(ms):
      return "nothing";
  }
}

function* downOf(ref: unknown): Proc<unknown> {
  switch (receive<unknown>()) {
    case ["DOWN", ref, "process", _, Reason]:
      return Reason;
  }
}

function* callError(body: () => Generator<any, any, any>): Proc<server.CallError> {
  try {
    yield* body();
  } catch (e) {
    if (e instanceof server.CallError) return e;
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("startLink", () => {
  it("runs init in the new process before it returns, and links the server to the caller", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [41, self()]);
      expect(yield* next(0)).toEqual(["init_ran_in", pid]); // already there when startLink returned
      expect(processInfo(pid)!.links).toEqual([self()]);
      expect(yield* server.call(pid, "inc")).toBe(42);
      yield* server.stop(pid);
    });
  });

  it("init returning ['stop', reason] makes startLink fail with that reason; a trapping caller also gets the EXIT (Erlang 25)", async () => {
    await inProcess(function* () {
      trapExit(true);
      const stopper: server.Behaviour<null> = { init: () => ["stop", "boom"], handleCall: (_r, _f, s) => ["reply", null, s] };
      let err: unknown;
      try {
        yield* server.startLink(stopper, []);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(server.StartError);
      expect((err as server.StartError).reason).toBe("boom");
      const m = (yield* next()) as [string, Pid, unknown];
      expect([m[0], m[2]]).toEqual(["EXIT", "boom"]);
    });
  });

  it("init returning ['stop', reason] kills a linked caller that does not trap exits, with that reason", async () => {
    const stopper: server.Behaviour<null> = { init: () => ["stop", "boom"], handleCall: (_r, _f, s) => ["reply", null, s] };
    const caller = spawn(function* () {
      yield* server.startLink(stopper, []);
      yield* idle();
    });
    expect(await join(caller)).toBe("boom");
  });

  it("init that throws makes startLink fail with the error as reason", async () => {
    await withCrashLog(async (reports) => {
      await inProcess(function* () {
        trapExit(true);
        const bad = new Error("init failed");
        const thrower: server.Behaviour<null> = { init: () => { throw bad; }, handleCall: (_r, _f, s) => ["reply", null, s] };
        let err: unknown;
        try {
          yield* server.startLink(thrower, []);
        } catch (e) {
          err = e;
        }
        expect((err as server.StartError).reason).toBe(bad);
      });
      expect(reports.map((r) => r.reason)).toEqual([expect.objectContaining({ message: "init failed" })]);
    });
  });

  it("a name is registered before init runs; a second server with that name fails with ['already_started', pid]", async () => {
    await inProcess(function* () {
      const named: server.Behaviour<null> = {
        init: (witness: Pid) => (send(witness, ["whereis", whereis("named")]), ["ok", null]),
        handleCall: (_r, _f, s) => ["reply", null, s],
      };
      const pid = yield* server.startLink(named, [self()], { name: "named" });
      expect(yield* next(0)).toEqual(["whereis", pid]);
      let err: unknown;
      try {
        yield* server.startLink(named, [self()], { name: "named" });
      } catch (e) {
        err = e;
      }
      expect((err as server.StartError).reason).toEqual(["already_started", pid]);
      yield* server.stop("named");
      expect(whereis("named")).toBe(undefined);
    });
  });

  it("start (no link) works from plain async code", async () => {
    const pid = await server.start(counter, [7]);
    await inProcess(function* () {
      expect(processInfo(pid)!.links).toEqual([]);
      expect(yield* server.call(pid, "get")).toBe(7);
      yield* server.stop(pid);
    });
  });
});

describe("call", () => {
  it("returns handleCall's reply, by pid or by registered name", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [1], { name: "ctr" });
      expect(yield* server.call(pid, "inc")).toBe(2);
      expect(yield* server.call("ctr", "get")).toBe(2);
      yield* server.stop(pid);
    });
  });

  it("a deferred answer: handleCall returns noreply and reply(from, value) answers later", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      spawn(function* () {
        yield* sleep(5); // the call below is waiting by then
        server.cast(pid, "release");
      });
      expect(yield* server.call(pid, "later")).toBe("released");
      yield* server.stop(pid);
    });
  });

  it("a call to a dead pid fails at once with 'noproc'; to an unregistered name too", async () => {
    await inProcess(function* () {
      const dead = spawn(function* () {});
      const ref = monitor(dead);
      yield* downOf(ref);
      const t0 = performance.now();
      expect((yield* callError(() => server.call(dead, "get", 60_000))).reason).toBe("noproc");
      expect((yield* callError(() => server.call("nobody_has_this_name", "get", 60_000))).reason).toBe("noproc");
      expect(performance.now() - t0).toBeLessThan(1000);
    });
  });

  it("a call to a server that dies while handling it fails at once with the server's exit reason", async () => {
    await inProcess(function* () {
      trapExit(true);
      const pid = yield* server.startLink(counter, [0]);
      const e = yield* callError(() => server.call(pid, ["exit", "boom"], 60_000));
      expect([e.reason, e.server, e.request]).toEqual(["boom", pid, ["exit", "boom"]]);
    });
  });

  it("a server that exits 'normal' during the call fails it with 'normal' (Erlang: {normal, {gen_server, call, ...}})", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      expect((yield* callError(() => server.call(pid, ["exit", "normal"], 60_000))).reason).toBe("normal");
    });
  });

  it("times out after timeoutMs with 'timeout', and a reply sent later is not left in the caller's mailbox", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      const t0 = performance.now();
      expect((yield* callError(() => server.call(pid, "later", 30))).reason).toBe("timeout");
      expect(performance.now() - t0).toBeGreaterThanOrEqual(29);
      server.cast(pid, "release"); // the server answers the abandoned call now
      expect(yield* server.call(pid, "get")).toBe(0); // ...and has done so before this answer
      expect(processInfo(self())!.messages).toEqual([]);
      yield* server.stop(pid);
    });
  });

  it("the default timeout is 5 seconds", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      const t0 = performance.now();
      expect((yield* callError(() => server.call(pid, "later"))).reason).toBe("timeout");
      const waited = performance.now() - t0;
      expect(waited).toBeGreaterThanOrEqual(4990);
      expect(waited).toBeLessThan(6000);
      yield* server.stop(pid);
    });
  }, 10_000);

  it("a server calling itself fails with 'calling_self'", async () => {
    await inProcess(function* () {
      expect((yield* callError(() => server.call(self(), "x"))).reason).toBe("calling_self");
    });
  });

  it("leaves no monitor behind, answered or failed", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      yield* server.call(pid, "get");
      yield* callError(() => server.call(pid, "later", 1));
      expect(processInfo(self())!.monitors).toEqual([]);
      expect(processInfo(self())!.messages).toEqual([]);
      yield* server.stop(pid);
    });
  });
});

describe("cast, handleInfo", () => {
  it("cast goes to handleCast and returns at once; a cast to a dead server is dropped", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      server.cast(pid, 5);
      server.cast(pid, 6);
      expect(yield* server.call(pid, "get")).toBe(11);
      yield* server.stop(pid);
      server.cast(pid, 1); // no error
      server.cast("no_such_name", 1);
    });
  });

  it("every other message goes to handleInfo, a trapped exit of a linked process (not the parent) included", async () => {
    await inProcess(function* () {
      const me = self();
      const trapper: server.Behaviour<St> = {
        ...counter,
        init: () => (trapExit(true), ["ok", { n: 0, witness: me, pending: [] }]),
        handleCall: (req, _f, s) => {
          const child = spawnLink(function* () {
            yield* sleep(1);
            exit("child_done");
          });
          return ["reply", child, s];
        },
      };
      const pid = yield* server.startLink(trapper, []);
      send(pid, "hello");
      expect(yield* next()).toEqual(["info", "hello"]);
      const child = yield* server.call<Pid>(pid, "spawn");
      expect(yield* next()).toEqual(["info", ["EXIT", child, "child_done"]]);
      yield* server.stop(pid);
    });
  });

  it("without handleInfo, other messages are dropped and the server goes on", async () => {
    await inProcess(function* () {
      const plain: server.Behaviour<number> = { init: () => ["ok", 3], handleCall: (_r, _f, s) => ["reply", s, s] };
      const pid = yield* server.startLink(plain, []);
      send(pid, "stray");
      expect(yield* server.call(pid, "get")).toBe(3);
      expect(processInfo(pid)!.messages).toEqual([]);
      yield* server.stop(pid);
    });
  });

  it("without handleCast, a cast crashes the server with an error saying to add one", async () => {
    await withCrashLog(async (reports) => {
      await inProcess(function* () {
        const plain: server.Behaviour<number> = { init: () => ["ok", 3], handleCall: (_r, _f, s) => ["reply", s, s] };
        const pid = yield* wait(server.start(plain, [])); // unlinked: its crash must not take this test process down
        const ref = monitor(pid);
        server.cast(pid, "x");
        const reason = yield* downOf(ref);
        expect(String(reason)).toContain("no handleCast");
      });
      expect(reports).toHaveLength(1);
    });
  });
});

describe("stopping", () => {
  it("stop runs terminate and returns after it has run and the server has exited", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [9, self()]);
      yield* next(0); // init_ran_in
      yield* server.stop(pid, "normal");
      expect(isAlive(pid)).toBe(false);
      expect(yield* next(0)).toEqual(["terminate", "normal", 9]);
    });
  });

  it("stop of a dead server fails with 'noproc'", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [0]);
      yield* server.stop(pid);
      expect((yield* callError(() => server.stop(pid))).reason).toBe("noproc");
    });
  });

  it("['stop', reason, reply, state] runs terminate before the reply is sent", async () => {
    await inProcess(function* () {
      const pid = yield* server.startLink(counter, [5, self()]);
      yield* next(0);
      expect(yield* server.call(pid, "stop_with_reply")).toBe("bye");
      // terminate's message came first: it is already queued when the reply arrives
      expect(yield* next(0)).toEqual(["terminate", "normal", 5]);
    });
  });

  it("a cast returning ['stop', reason, state] runs terminate and exits with reason", async () => {
    await inProcess(function* () {
      trapExit(true);
      const pid = yield* server.startLink(counter, [5, self()]);
      yield* next(0);
      const ref = monitor(pid);
      server.cast(pid, "stop");
      expect(yield* next()).toEqual(["terminate", "cast_stop", 5]);
      expect(yield* downOf(ref)).toBe("cast_stop");
    });
  });

  it("exit(reason) inside a callback runs terminate, the server exits with reason and the pending call fails with it", async () => {
    await inProcess(function* () {
      trapExit(true);
      const pid = yield* server.startLink(counter, [2, self()]);
      yield* next(0);
      const e = yield* callError(() => server.call(pid, ["exit", "quit"]));
      expect(e.reason).toBe("quit");
      expect(yield* next(0)).toEqual(["terminate", "quit", 2]);
    });
  });

  it("a callback that throws runs terminate with the error; the server crashes with it (logged once)", async () => {
    await withCrashLog(async (reports) => {
      await inProcess(function* () {
        trapExit(true);
        const pid = yield* server.startLink(counter, [2, self()]);
        yield* next(0);
        const e = yield* callError(() => server.call(pid, "throw"));
        expect((e.reason as Error).message).toBe("handleCall blew up");
        const t = (yield* next(0)) as [string, unknown, number];
        expect([t[0], (t[1] as Error).message]).toEqual(["terminate", "handleCall blew up"]);
      });
      expect(reports).toHaveLength(1);
    });
  });

  it("a callback returning something else stops the server with ['bad_return_value', value]", async () => {
    await inProcess(function* () {
      trapExit(true);
      const pid = yield* server.startLink(counter, [2, self()]);
      yield* next(0);
      const s = { n: 2, witness: self(), pending: [] };
      expect((yield* callError(() => server.call(pid, "bad"))).reason).toEqual(["bad_return_value", ["what", s]]);
    });
  });

  it("an exit signal from the parent stops a server that traps exits, after terminate ran with the parent's reason", async () => {
    await inProcess(function* () {
      const me = self();
      const trapping: server.Behaviour<St> = { ...counter, init: () => (trapExit(true), ["ok", { n: 1, witness: me, pending: [] }]) };
      const parent = spawn(function* () {
        const pid = yield* server.startLink(trapping, []);
        send(me, ["server", pid]);
        yield* idle();
      });
      const [, pid] = (yield* next()) as [string, Pid];
      const ref = monitor(pid);
      exit(parent, "parent_gone");
      expect(yield* next()).toEqual(["terminate", "parent_gone", 1]);
      expect(yield* downOf(ref)).toBe("parent_gone");
    });
  });

  it("a server that does not trap exits dies with its parent's reason, without terminate", async () => {
    await inProcess(function* () {
      const me = self();
      const parent = spawn(function* () {
        const pid = yield* server.startLink(counter, [1, me]);
        send(me, ["server", pid]);
        yield* idle();
      });
      yield* next(); // init_ran_in
      const [, pid] = (yield* next()) as [string, Pid];
      const ref = monitor(pid);
      exit(parent, "parent_gone");
      expect(yield* downOf(ref)).toBe("parent_gone");
      expect(yield* next(20)).toBe("nothing");
    });
  });
});

describe("generator callbacks", () => {
  it("callbacks may be generator functions that block: sleep, call another server, then answer", async () => {
    await inProcess(function* () {
      const backend = yield* server.startLink(counter, [100]);
      const front: server.Behaviour<Pid> = {
        *init(b: Pid) {
          yield* sleep(1);
          return ["ok", b];
        },
        *handleCall(_req, _from, b) {
          yield* sleep(1);
          const n = yield* server.call<number>(b, "inc");
          return ["reply", n * 2, b];
        },
        *terminate(_reason, b) {
          yield* server.stop(b);
        },
      };
      const pid = yield* server.startLink(front, [backend]);
      expect(yield* server.call(pid, "go")).toBe(202);
      yield* server.stop(pid);
      expect(isAlive(backend)).toBe(false);
    });
  });
});
