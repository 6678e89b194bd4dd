// ts-otp/supervisor against OTP's supervisor documentation; the orders asserted below (which
// children stop, in which order, which restart) are also what Erlang/OTP 25 does with the same
// children: test/erlang/supervisor_check.erl prints them.
//
// Each worker traps exits and tells the test process ["started", id] when it starts and
// ["stopping", id, reason] when its supervisor stops it, so a test sees exactly what happened.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  receive, after, send, self, spawn, spawnLink, monitor, exit, unlink, trapExit, sleep, wait, isAlive, processInfo, setLogger,
  type Pid, type Proc, type Call, type Report, type SupervisorReport,
} from "../runtime/index.js";
import * as supervisor from "../otp/supervisor.js";
import * as server from "../otp/server.js";
import { inProcess } from "./prelude.js";

function* worker(id: string, test: Pid, opts: { ignoreShutdown?: boolean; slowStop?: number } = {}): Proc {
  trapExit(true);
  send(test, ["started", id]);
  for (;;) {
    switch (receive<unknown>()) {
      case ["crash", Reason]:
        exit(Reason);
      case ["EXIT", _From, Reason]:
        if (opts.ignoreShutdown) continue;
        send(test, ["stopping", id, Reason]);
        if (opts.slowStop !== undefined) yield* sleep(opts.slowStop);
        exit(Reason);
    }
  }
}

type Opts = Partial<supervisor.ChildSpec> & { ignoreShutdown?: boolean; slowStop?: number };
function spec(id: string, test: Pid, opts: Opts = {}): supervisor.ChildSpec {
  const { ignoreShutdown, slowStop, ...rest } = opts;
  return { id, start: () => spawnLink(worker, id, test, { ignoreShutdown, slowStop }), ...rest };
}

/** A gen_server child that reports like `worker` does. */
function serverSpec(id: string, test: Pid): supervisor.ChildSpec {
  const srv: server.Behaviour<null> = {
    init: () => (trapExit(true), send(test, ["started", id]), ["ok", null]),
    handleCall: (_r, _f, s) => ["reply", null, s],
    terminate: (reason) => void send(test, ["stopping", id, reason]),
  };
  return { id, start: () => server.startLink(srv, []) };
}

/** The messages queued now, after the supervisor has handled everything sent to it before (a call is answered in order). */
function* events(sup?: Pid): Call<unknown[]> {
  if (sup !== undefined && isAlive(sup)) yield* supervisor.whichChildren(sup);
  const out: unknown[] = [];
  for (;;) {
    switch (receive<unknown>()) {
      case M && isEvent(M):
        out.push(M);
        continue;
      case after(0):
        return out;
    }
  }
}

const isEvent = (m: unknown): boolean => Array.isArray(m) && ["started", "stopping", "EXIT"].includes(m[0]);

/** Makes a child exit with `reason` and waits until it is dead (so its EXIT is in its supervisor's mailbox). */
function* crash(pid: Pid, reason: unknown): Proc {
  const ref = monitor(pid);
  send(pid, ["crash", reason]);
  yield* down(ref);
}

function* pidOf(sup: Pid, id: string): Call<Pid> {
  const c = (yield* supervisor.whichChildren(sup)).find((x) => x.id === id);
  if (c?.pid === undefined) throw new Error(`no running child ${id}`);
  return c.pid;
}

function* ids(sup: Pid): Call<(string | undefined)[]> {
  return (yield* supervisor.whichChildren(sup)).map((c) => c.id);
}

/** The supervisor reports logged while `body` runs (crash reports are counted apart). */
async function withReports(body: (reports: SupervisorReport[], crashes: Report[]) => Promise<void>): Promise<void> {
  const reports: SupervisorReport[] = [];
  const crashes: Report[] = [];
  const prev = setLogger((r) => (r.kind === "supervisor" ? reports.push(r) : crashes.push(r)));
  try {
    await body(reports, crashes);
  } finally {
    setLogger(prev);
  }
}

function* down(ref: unknown): Call<unknown> {
  switch (receive<unknown>()) {
    case ["DOWN", ref, "process", _, Reason]:
      return Reason;
  }
}

/** Stops a supervisor the way its own supervisor would, and waits until it is gone. */
function* shutdownSup(sup: Pid): Call<unknown> {
  const ref = monitor(sup);
  unlink(sup); // no EXIT for the test process to sort out
  exit(sup, "shutdown");
  return yield* down(ref);
}

// Reports are asserted where a test is about them (withReports); elsewhere they are kept off stderr.
let quietPrev: ReturnType<typeof setLogger>;
beforeAll(() => {
  quietPrev = setLogger((r) => {
    if (r.kind === "crash") quietPrev(r);
  });
});
afterAll(() => {
  setLogger(quietPrev);
});

/** What a supervisor API call answers: "ok", or the reason of the SupervisorError it threw. */
function* err(body: () => Generator<any, any, any>): Call<unknown> {
  try {
    yield* body();
  } catch (e) {
    return (e as supervisor.SupervisorError).reason;
  }
  return "ok";
}

describe("strategies", () => {
  it("one_for_one: only the child that died is restarted", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 5 }, [spec("a", me), spec("b", me), spec("c", me)]);
      expect(yield* events()).toEqual([["started", "a"], ["started", "b"], ["started", "c"]]);
      const [a, b, c] = [yield* pidOf(sup, "a"), yield* pidOf(sup, "b"), yield* pidOf(sup, "c")];
      yield* crash(b, "boom");
      expect(yield* events(sup)).toEqual([["started", "b"]]);
      expect(yield* pidOf(sup, "a")).toBe(a);
      expect(yield* pidOf(sup, "c")).toBe(c);
      expect(yield* pidOf(sup, "b")).not.toBe(b);
      yield* shutdownSup(sup);
    });
  });

  it("one_for_all: the others are stopped in reverse start order, then all start again in start order", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_all", intensity: 5 }, [spec("a", me), spec("b", me), spec("c", me)]);
      yield* events();
      yield* crash(yield* pidOf(sup, "b"), "boom");
      expect(yield* events(sup)).toEqual([
        ["stopping", "c", "shutdown"], ["stopping", "a", "shutdown"],
        ["started", "a"], ["started", "b"], ["started", "c"],
      ]);
      expect(yield* ids(sup)).toEqual(["c", "b", "a"]); // OTP's which_children order: last started first
      yield* shutdownSup(sup);
    });
  });

  it("rest_for_one: the children started after the one that died are stopped (reverse order) and restarted with it (start order)", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "rest_for_one", intensity: 5 }, [spec("a", me), spec("b", me), spec("c", me), spec("d", me)]);
      yield* events();
      const a = yield* pidOf(sup, "a");
      yield* crash(yield* pidOf(sup, "b"), "boom");
      expect(yield* events(sup)).toEqual([
        ["stopping", "d", "shutdown"], ["stopping", "c", "shutdown"],
        ["started", "b"], ["started", "c"], ["started", "d"],
      ]);
      expect(yield* pidOf(sup, "a")).toBe(a);
      yield* shutdownSup(sup);
    });
  });

  it("simple_one_for_one: startChild(sup, extra) runs the template's start with them; a dead child restarts with the same arguments", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "simple_one_for_one", intensity: 5 }, [
        { id: "tmpl", start: (id: string) => spawnLink(worker, id, me) },
      ]);
      expect(yield* supervisor.whichChildren(sup)).toEqual([]); // no child at start
      const x = yield* supervisor.startChild(sup, ["x"]);
      const y = yield* supervisor.startChild(sup, ["y"]);
      expect(yield* events()).toEqual([["started", "x"], ["started", "y"]]);
      yield* crash(x, "boom");
      expect(yield* events(sup)).toEqual([["started", "x"]]);
      const kids = yield* supervisor.whichChildren(sup);
      expect(kids.map((k) => k.id)).toEqual([undefined, undefined]);
      expect(kids.map((k) => k.pid)).toContain(y);
      expect(kids.map((k) => k.pid)).not.toContain(x);
      yield* shutdownSup(sup);
      expect((yield* events()).length).toBe(2); // both were told to stop (in no defined order)
    });
  });

  it("simple_one_for_one: of 1,000 children that all die, each restarts once with its own arguments", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "simple_one_for_one", intensity: 1000 }, [
        { id: "tmpl", start: (id: string) => spawnLink(worker, id, me) },
      ]);
      const pids: Pid[] = [];
      for (let i = 0; i < 1000; i++) pids.push(yield* supervisor.startChild(sup, [`k${i}`]));
      yield* events();
      for (const pid of pids) yield* crash(pid, "boom");
      const started = (yield* events(sup)).map((e) => (e as string[])[1]).sort();
      expect(started).toEqual(pids.map((_, i) => `k${i}`).sort());
      expect((yield* supervisor.countChildren(sup)).active).toBe(1000);
      yield* shutdownSup(sup);
    });
  });

  it("children start in order before startLink returns, and stop in reverse start order when the supervisor stops", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [spec("a", me), spec("b", me), spec("c", me)]);
      expect(yield* events()).toEqual([["started", "a"], ["started", "b"], ["started", "c"]]);
      expect(yield* shutdownSup(sup)).toBe("shutdown");
      expect(yield* events()).toEqual([["stopping", "c", "shutdown"], ["stopping", "b", "shutdown"], ["stopping", "a", "shutdown"]]);
    });
  });
});

describe("restart types", () => {
  it("permanent: restarted whatever the exit reason, 'normal' included", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 5 }, [spec("p", me)]);
      yield* events();
      for (const reason of ["normal", "shutdown", "boom"]) {
        yield* crash(yield* pidOf(sup, "p"), reason);
        expect(yield* events(sup)).toEqual([["started", "p"]]);
      }
      yield* shutdownSup(sup);
    });
  });

  it("transient: restarted only after an abnormal exit; 'normal', 'shutdown' and ['shutdown', term] end it, spec kept", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 5 }, [spec("t", me, { restart: "transient" })]);
        yield* events();
        yield* crash(yield* pidOf(sup, "t"), "boom");
        expect(yield* events(sup)).toEqual([["started", "t"]]);
        for (const reason of ["normal", "shutdown", ["shutdown", "done"]]) {
          yield* crash(yield* pidOf(sup, "t"), reason);
          expect(yield* events(sup)).toEqual([]);
          expect(yield* supervisor.whichChildren(sup)).toEqual([{ id: "t", pid: undefined, type: "worker" }]);
          yield* supervisor.restartChild(sup, "t");
          yield* events();
        }
        yield* shutdownSup(sup);
      });
      expect(reports.filter((r) => r.errorContext === "child_terminated").map((r) => r.reason)).toEqual(["boom"]);
    });
  });

  it("temporary: never restarted, its spec removed; an abnormal exit is reported, a normal one is not", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 5 }, [
          spec("t1", me, { restart: "temporary" }),
          spec("t2", me, { restart: "temporary" }),
        ]);
        yield* events();
        yield* crash(yield* pidOf(sup, "t1"), "boom");
        yield* crash(yield* pidOf(sup, "t2"), "normal");
        expect(yield* events(sup)).toEqual([]);
        expect(yield* supervisor.whichChildren(sup)).toEqual([]);
        yield* shutdownSup(sup);
      });
      expect(reports.map((r) => [r.errorContext, r.offender.id, r.reason])).toEqual([["child_terminated", "t1", "boom"]]);
    });
  });

  it("temporary under one_for_all: a sibling's crash stops it, and it is not started again", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_all", intensity: 5 }, [
        spec("a", me), spec("t", me, { restart: "temporary" }), spec("b", me),
      ]);
      yield* events();
      yield* crash(yield* pidOf(sup, "b"), "boom");
      expect(yield* events(sup)).toEqual([["stopping", "t", "shutdown"], ["stopping", "a", "shutdown"], ["started", "a"], ["started", "b"]]);
      expect(yield* ids(sup)).toEqual(["b", "a"]);
      yield* shutdownSup(sup);
    });
  });
});

describe("restart intensity", () => {
  it("more than `intensity` restarts within `period`: children stopped in reverse start order, the supervisor exits 'shutdown', the give-up reported", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 2, period: 60, name: "sup_i" }, [
          spec("a", me), spec("b", me), spec("c", me),
        ]);
        const ref = monitor(sup);
        yield* events();
        yield* crash(yield* pidOf(sup, "b"), "boom1");
        expect(yield* events(sup)).toEqual([["started", "b"]]);
        yield* crash(yield* pidOf(sup, "b"), "boom2");
        expect(yield* events(sup)).toEqual([["started", "b"]]);
        yield* crash(yield* pidOf(sup, "b"), "boom3"); // the third restart in the period: one too many
        expect(yield* down(ref)).toBe("shutdown");
        const ev = yield* events();
        expect(ev.filter((e) => (e as unknown[])[0] !== "EXIT")).toEqual([["stopping", "c", "shutdown"], ["stopping", "a", "shutdown"]]);
        expect(ev.filter((e) => (e as unknown[])[0] === "EXIT")).toEqual([["EXIT", sup, "shutdown"]]);
      });
      expect(reports.map((r) => [r.supervisor, r.errorContext, r.offender.id, r.reason])).toEqual([
        ["sup_i", "child_terminated", "b", "boom1"],
        ["sup_i", "child_terminated", "b", "boom2"],
        ["sup_i", "child_terminated", "b", "boom3"],
        ["sup_i", "shutdown", "b", "reached_max_restart_intensity"],
      ]);
    });
  });

  it("intensity 0: the first exit of a permanent child makes the supervisor give up", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 0 }, [spec("a", me)]);
      const ref = monitor(sup);
      yield* events();
      yield* crash(yield* pidOf(sup, "a"), "normal");
      expect(yield* down(ref)).toBe("shutdown");
    });
  });

  it("restarts further apart than `period` seconds do not add up (a test about time)", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 1, period: 0.1 }, [spec("a", me)]);
      yield* events();
      for (let i = 0; i < 3; i++) {
        yield* crash(yield* pidOf(sup, "a"), "boom");
        expect(yield* events(sup)).toEqual([["started", "a"]]);
        yield* sleep(120);
      }
      expect(isAlive(sup)).toBe(true);
      yield* shutdownSup(sup);
    });
  });

  it("a give-up escalates one level: the parent supervisor restarts the child supervisor that gave up", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const inner = () => supervisor.startLink({ strategy: "one_for_one", intensity: 0, name: "inner" }, [spec("w", me)]);
        const top = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 3, name: "top" }, [
          { id: "inner", start: inner, type: "supervisor" },
        ]);
        yield* events();
        const innerPid = yield* pidOf(top, "inner");
        yield* crash(yield* pidOf(innerPid, "w"), "boom");
        expect(yield* events(top)).toEqual([["started", "w"]]); // the new inner supervisor started a new w
        expect(yield* pidOf(top, "inner")).not.toBe(innerPid);
        yield* shutdownSup(top);
      });
      expect(reports.map((r) => [r.supervisor, r.errorContext, r.offender.id, r.reason])).toEqual([
        ["inner", "child_terminated", "w", "boom"],
        ["inner", "shutdown", "w", "reached_max_restart_intensity"],
        ["top", "child_terminated", "inner", "shutdown"],
      ]);
      // the defaults, as the reports show them: 5000 ms for a worker, "infinity" for a supervisor
      expect(reports.map((r) => [r.offender.type, r.offender.shutdown, r.offender.restart])).toEqual([
        ["worker", 5000, "permanent"], ["worker", 5000, "permanent"], ["supervisor", "infinity", "permanent"],
      ]);
    });
  });

  it("a restart whose start fails is tried again, each try counting against the intensity (start_error reported)", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        let starts = 0;
        const flaky: supervisor.ChildSpec = {
          id: "f",
          start: () => {
            if (++starts > 1) throw new Error(`start ${starts} failed`);
            return spawnLink(worker, "f", me, {});
          },
        };
        const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 3, period: 60 }, [flaky]);
        const ref = monitor(sup);
        yield* events();
        yield* crash(yield* pidOf(sup, "f"), "boom");
        expect(yield* down(ref)).toBe("shutdown");
        expect(starts).toBe(4); // the first start, then three failed restarts; the fourth restart is one too many
      });
      expect(reports.map((r) => r.errorContext)).toEqual(["child_terminated", "start_error", "start_error", "start_error", "shutdown"]);
      expect((reports[1]!.reason as Error).message).toBe("start 2 failed");
    });
  });
});

describe("restart failures", () => {
  it("rest_for_one: when a restart fails midway, the failed child and those after it start on the next try", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        let bStarts = 0;
        const b: supervisor.ChildSpec = {
          id: "b",
          start: () => {
            if (++bStarts === 2) throw new Error("b refuses once");
            return spawnLink(worker, "b", me, {});
          },
        };
        const sup = yield* supervisor.startLink({ strategy: "rest_for_one", intensity: 5 }, [spec("a", me), spec("x", me), b, spec("c", me)]);
        yield* events();
        yield* crash(yield* pidOf(sup, "x"), "boom"); // x, b, c restart; b's second start fails
        yield* supervisor.whichChildren(sup); // answered after the EXIT; the try again is queued before the next call
        expect(yield* events(sup)).toEqual([
          ["stopping", "c", "shutdown"], ["stopping", "b", "shutdown"],
          ["started", "x"], ["started", "b"], ["started", "c"], // the try again: b (and c after it)
        ]);
        expect(bStarts).toBe(3);
        expect((yield* supervisor.whichChildren(sup)).every((c) => c.pid !== undefined)).toBe(true);
        yield* shutdownSup(sup);
      });
      expect(reports.map((r) => [r.errorContext, r.offender.id])).toEqual([["child_terminated", "x"], ["start_error", "b"]]);
    });
  });
});

describe("shutdown", () => {
  it("brutal_kill: the child is killed at once (exit reason 'killed'), with no chance to clean up", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [spec("k", me, { shutdown: "brutal_kill" })]);
        yield* events();
        const ref = monitor(yield* pidOf(sup, "k"));
        yield* supervisor.terminateChild(sup, "k");
        expect(yield* down(ref)).toBe("killed");
        expect(yield* events()).toEqual([]); // it never saw the signal
      });
      expect(reports).toEqual([]);
    });
  });

  it("a timeout: the child gets exit 'shutdown' and, still alive after the timeout, is killed (a shutdown_error)", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [spec("s", me, { shutdown: 50, ignoreShutdown: true })]);
        yield* events();
        const pid = yield* pidOf(sup, "s");
        const ref = monitor(pid);
        const t0 = performance.now();
        yield* supervisor.terminateChild(sup, "s");
        expect(performance.now() - t0).toBeGreaterThanOrEqual(49);
        expect(yield* down(ref)).toBe("killed");
      });
      expect(reports.map((r) => [r.errorContext, r.offender.id, r.reason])).toEqual([["shutdown_error", "s", "killed"]]);
    });
  });

  it("a timeout: a child that stops in time with 'shutdown' is not reported", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [spec("s", me, { shutdown: 1000, slowStop: 20 })]);
        yield* events();
        yield* supervisor.terminateChild(sup, "s");
        expect(yield* events()).toEqual([["stopping", "s", "shutdown"]]);
      });
      expect(reports).toEqual([]);
    });
  });

  it("infinity for a child supervisor: its whole subtree stops before the parent goes on to the next child", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const inner = () => supervisor.startLink({ strategy: "one_for_one" }, [spec("i1", me, { slowStop: 10 }), spec("i2", me, { slowStop: 10 })]);
      const top = yield* supervisor.startLink({ strategy: "one_for_one" }, [
        spec("a", me),
        { id: "inner", start: inner, type: "supervisor" }, // shutdown defaults to "infinity"
        spec("z", me),
      ]);
      expect(yield* events()).toEqual([["started", "a"], ["started", "i1"], ["started", "i2"], ["started", "z"]]);
      yield* shutdownSup(top);
      expect(yield* events()).toEqual([
        ["stopping", "z", "shutdown"], ["stopping", "i2", "shutdown"], ["stopping", "i1", "shutdown"], ["stopping", "a", "shutdown"],
      ]);
    });
  });

  it("a gen_server child that traps exits runs terminate with 'shutdown' when its supervisor stops it", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const srv: server.Behaviour<null> = {
        init: () => (trapExit(true), ["ok", null]),
        handleCall: (_r, _f, s) => ["reply", "pong", s],
        terminate: (reason) => void send(me, ["stopping", "srv", reason]),
      };
      const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [{ id: "srv", start: () => server.startLink(srv, []) }]);
      expect(yield* server.call(yield* pidOf(sup, "srv"), "ping")).toBe("pong");
      yield* shutdownSup(sup);
      expect(yield* events()).toEqual([["stopping", "srv", "shutdown"]]);
    });
  });
});

describe("starting", () => {
  it("a child that fails to start stops those started (reverse order); startLink fails with ['shutdown', ['failed_to_start_child', id, reason]]", async () => {
    await withReports(async (reports) => {
      await inProcess(function* () {
        const me = self();
        trapExit(true);
        const bad = new Error("no");
        let err: unknown;
        try {
          // gen_server children: each has run its init (and so trapped exits) when its start returns
          yield* supervisor.startLink({ strategy: "one_for_one" }, [
            serverSpec("a", me), serverSpec("b", me), { id: "c", start: () => { throw bad; } }, serverSpec("d", me),
          ]);
        } catch (e) {
          err = e;
        }
        expect((err as server.StartError).reason).toEqual(["shutdown", ["failed_to_start_child", "c", bad]]);
        const ev = (yield* events()).filter((e) => (e as unknown[])[0] !== "EXIT");
        expect(ev).toEqual([["started", "a"], ["started", "b"], ["stopping", "b", "shutdown"], ["stopping", "a", "shutdown"]]);
      });
      expect(reports.map((r) => [r.errorContext, r.offender.id])).toEqual([["start_error", "c"]]);
    });
  });

  it("a start function that returns no pid is a start error that says what start must return", async () => {
    await inProcess(function* () {
      trapExit(true);
      let err: unknown;
      try {
        yield* supervisor.startLink({ strategy: "one_for_one" }, [{ id: "x", start: () => 42 as unknown as Pid }]);
      } catch (e) {
        err = e;
      }
      const reason = (err as server.StartError).reason as [string, [string, string, Error]];
      expect(reason[1][2].message).toMatch(/child "x": start\(\) returned 42; it must start the child linked to the supervisor and return its pid/);
    });
  });

  it("bad flags and specs throw in the caller, naming the field", async () => {
    await inProcess(function* () {
      const go = (flags: any, specs: any) => {
        try {
          supervisor.startLink(flags, specs).next();
        } catch (e) {
          return (e as Error).message;
        }
        return "no error";
      };
      expect(go({ strategy: "one_for_none" }, [])).toMatch(/flags.strategy must be one of "one_for_one"/);
      expect(go({ strategy: "one_for_one", intensity: -1 }, [])).toMatch(/flags.intensity must be an integer >= 0/);
      expect(go({ strategy: "one_for_one" }, [{ id: "a" }])).toMatch(/child spec "a": start must be a function/);
      expect(go({ strategy: "one_for_one" }, [{ id: "a", start: () => 0, restart: "sometimes" }])).toMatch(/restart must be "permanent"/);
      expect(go({ strategy: "one_for_one" }, [{ id: "a", start: () => 0, shutdown: -5 }])).toMatch(/shutdown must be a whole number/);
      expect(go({ strategy: "one_for_one" }, [{ id: "a", start: () => 0 }, { id: "a", start: () => 0 }])).toMatch(/two child specs have the id "a"/);
      expect(go({ strategy: "simple_one_for_one" }, [])).toMatch(/exactly one child spec/);
    });
  });

  it("start from plain async code: not linked, children started", async () => {
    const sup = await supervisor.start({ strategy: "one_for_one", name: "async_sup" }, []);
    await inProcess(function* () {
      expect(processInfo(sup)!.links).toEqual([]);
      expect(yield* supervisor.countChildren("async_sup")).toEqual({ specs: 0, active: 0, supervisors: 0, workers: 0 });
      // It has no parent, so an exit signal is just a message it ignores (as in OTP); stop it as a server.
      yield* server.stop(sup, "shutdown");
      expect(isAlive(sup)).toBe(false);
    });
  });
});

describe("managing children", () => {
  it("startChild adds a child after the others; an id in use is ['already_started', pid] or 'already_present'", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [spec("a", me), spec("b", me)]);
      const c = yield* supervisor.startChild(sup, spec("c", me));
      expect(yield* ids(sup)).toEqual(["c", "b", "a"]);
      const fail = function* (s: supervisor.ChildSpec): Call<unknown> {
        try {
          yield* supervisor.startChild(sup, s);
        } catch (e) {
          return (e as supervisor.SupervisorError).reason;
        }
        return "started";
      };
      expect(yield* fail(spec("c", me))).toEqual(["already_started", c]);
      yield* supervisor.terminateChild(sup, "c");
      expect(yield* fail(spec("c", me))).toBe("already_present");
      yield* events();
      yield* shutdownSup(sup);
      expect(yield* events()).toEqual([["stopping", "b", "shutdown"], ["stopping", "a", "shutdown"]]);
    });
  });

  it("terminateChild keeps the spec; restartChild starts it again; deleteChild removes a stopped child's spec; errors as OTP's", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "one_for_one" }, [spec("a", me), spec("b", me, { type: "supervisor", shutdown: 100 })]);
      yield* events();
      expect(yield* err(() => supervisor.restartChild(sup, "a"))).toBe("running");
      expect(yield* err(() => supervisor.deleteChild(sup, "a"))).toBe("running");
      expect(yield* err(() => supervisor.terminateChild(sup, "zz"))).toBe("not_found");
      yield* supervisor.terminateChild(sup, "a");
      expect(yield* events()).toEqual([["stopping", "a", "shutdown"]]);
      expect(yield* supervisor.whichChildren(sup)).toEqual([
        { id: "b", pid: yield* pidOf(sup, "b"), type: "supervisor" },
        { id: "a", pid: undefined, type: "worker" },
      ]);
      expect(yield* supervisor.countChildren(sup)).toEqual({ specs: 2, active: 1, supervisors: 1, workers: 1 });
      const a2 = yield* supervisor.restartChild(sup, "a");
      expect(yield* events()).toEqual([["started", "a"]]);
      expect(yield* pidOf(sup, "a")).toBe(a2);
      yield* supervisor.terminateChild(sup, "a");
      yield* supervisor.deleteChild(sup, "a");
      expect(yield* ids(sup)).toEqual(["b"]);
      expect(yield* err(() => supervisor.restartChild(sup, "a"))).toBe("not_found");
      expect(yield* err(() => supervisor.deleteChild(sup, "a"))).toBe("not_found");
      yield* shutdownSup(sup);
    });
  });

  it("simple_one_for_one: terminateChild takes a pid; by id, and restartChild / deleteChild, are 'simple_one_for_one' errors", async () => {
    await inProcess(function* () {
      const me = self();
      trapExit(true);
      const sup = yield* supervisor.startLink({ strategy: "simple_one_for_one" }, [{ id: "t", start: (id: string) => spawnLink(worker, id, me) }]);
      const x = yield* supervisor.startChild(sup, ["x"]);
      yield* supervisor.startChild(sup, ["y"]);
      expect(yield* supervisor.countChildren(sup)).toEqual({ specs: 1, active: 2, supervisors: 0, workers: 2 });
      yield* supervisor.terminateChild(sup, x);
      expect(yield* events()).toEqual([["started", "x"], ["started", "y"], ["stopping", "x", "shutdown"]]);
      expect(yield* supervisor.countChildren(sup)).toEqual({ specs: 1, active: 1, supervisors: 0, workers: 1 });
      expect(yield* err(() => supervisor.terminateChild(sup, "t"))).toBe("simple_one_for_one");
      expect(yield* err(() => supervisor.restartChild(sup, "t"))).toBe("simple_one_for_one");
      expect(yield* err(() => supervisor.deleteChild(sup, "t"))).toBe("simple_one_for_one");
      expect(yield* err(() => supervisor.terminateChild(sup, x))).toBe("ok"); // a dead pid: ok, as OTP
      expect(yield* err(() => supervisor.terminateChild(sup, self()))).toBe("not_found"); // alive, not a child
      yield* shutdownSup(sup);
    });
  });
});
