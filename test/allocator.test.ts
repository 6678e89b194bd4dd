// The resource allocator of the Erlang error-handling page ("A Robust Server", "Allocator with
// Error Recovery"), written by hand over the library receive, against the BEAM's traces of the
// same story: a client that crashes holding r1 leaks it in `top`, and gets it returned in
// `top_recover`.

import { describe, expect, it } from "vitest";
import { spawn, exit, join, monitor, receiveWith, processInfo, type Pid, type Proc, type Call } from "../runtime/index.js";
import * as byHand from "../examples/allocator-by-hand.js";
import * as dsl from "../examples/allocator.js"; // the DSL version, compiled by the Vite door
import { demo } from "../examples/allocator-demo.js";
import { inProcess } from "./prelude.js";

/** Runs `body` in a fresh client process and returns what it returned (trace helper `call/2`). */
function* call<T>(body: () => Call<T>): Call<T> {
  let out: T;
  const c = spawn(function* (): Proc {
    out = yield* body();
  });
  const ref = monitor(c);
  yield* receiveWith((m: any) => m[0] === "DOWN" && m[1] === ref);
  return out!;
}

for (const [label, impl] of [["by hand, over receiveWith", byHand], ["in the DSL (examples/allocator.ts)", dsl]] as const) {
const { alloc, release, get_state, start, start_recover } = impl;

/** A client that allocates, then crashes with `reason` while holding the resource. */
function* crashingClient(S: Pid, reason: string): Call<Pid> {
  const c = spawn(function* (): Proc {
    yield* alloc(S);
    yield* receiveWith((m) => m === "crash");
    exit(reason);
  });
  return c;
}

describe(`the error-handling page's allocator, ${label}`, () => {
  it("top_recover: r1 held by a crashing client comes back (trace s9)", async () => {
    await inProcess(function* () {
      const S = start_recover(["r1", "r2", "r3"]);
      expect(yield* get_state(S)).toEqual([["r1", "r2", "r3"], []]);
      const got = yield* call(() => alloc(S));
      expect(got).toEqual(["yes", "r1"]);
      // the client above already exited (normally): the server reclaimed r1 on its EXIT (trace s9, Client3)
      expect(yield* get_state(S)).toEqual([["r1", "r2", "r3"], []]);

      const crasher = spawn(function* (): Proc {
        yield* alloc(S);
        yield* receiveWith((m) => m === "crash");
        exit("client_crashed");
      });
      yield* receiveWith(() => false, 5);
      expect(yield* get_state(S)).toEqual([["r2", "r3"], [["r1", crasher]]]);
      expect(processInfo(S)!.links).toEqual([crasher]);
      runtime.send(crasher, "crash");
      yield* receiveWith(() => false, 5);
      expect(yield* get_state(S)).toEqual([["r1", "r2", "r3"], []]);
      expect(processInfo(S)!.links).toEqual([]);
      const four = yield* call(function* () {
        const r = [];
        for (let i = 0; i < 4; i++) r.push(yield* alloc(S));
        return r;
      });
      expect(four).toEqual([["yes", "r1"], ["yes", "r2"], ["yes", "r3"], "no"]);
      exit(S, "kill");
    });
  });

  it("top_recover: release unlinks, so a crash after releasing changes nothing (trace s9, Client4)", async () => {
    await inProcess(function* () {
      const S = start_recover(["r1", "r2", "r3"]);
      const c = spawn(function* (): Proc {
        const r: any = yield* alloc(S);
        release(S, r[1]);
        yield* receiveWith((m) => m === "crash");
        exit("crash_after_release");
      });
      yield* receiveWith(() => false, 5);
      expect(yield* get_state(S)).toEqual([["r1", "r2", "r3"], []]);
      expect(processInfo(S)!.links).toEqual([]);
      runtime.send(c, "crash");
      yield* receiveWith(() => false, 5);
      expect(yield* get_state(S)).toEqual([["r1", "r2", "r3"], []]);
      exit(S, "kill");
    });
  });

  it("top: r1 held by a crashing client is leaked (trace s9b)", async () => {
    await inProcess(function* () {
      const S = start(["r1", "r2", "r3"]);
      const c = yield* crashingClient(S, "client_crashed");
      yield* receiveWith(() => false, 5);
      runtime.send(c, "crash");
      yield* receiveWith(() => false, 5);
      expect(processInfo(c)).toBeUndefined();
      expect(yield* get_state(S)).toEqual([["r2", "r3"], [["r1", c]]]);
      const four = yield* call(function* () {
        const r = [];
        for (let i = 0; i < 4; i++) r.push(yield* alloc(S));
        return r;
      });
      expect(four).toEqual([["yes", "r2"], ["yes", "r3"], "no", "no"]);
      exit(S, "kill");
    });
  });

  it("the npm start demo tells both stories", async () => {
    const lines: string[] = [];
    for (const kind of ["top", "top_recover"] as const) await join(spawn(demo, impl, kind, (l: string) => lines.push(l)));
    expect(lines).toContain("top: the next client allocates 4 times: r2, r3, no, no");
    expect(lines).toContain("top_recover: the next client allocates 4 times: r1, r2, r3, no");
  });
});
}

import * as runtime from "../runtime/index.js";

describe("the error-handling page's allocator utilities, in the DSL (delete/2 and lookup/2)", () => {
  it("delete removes the first {Resource, Pid} pair and keeps the rest in order; lookup finds a pid's resource", async () => {
    await inProcess(function* () {
      const [a, b] = [runtime.spawn(function* () {}), runtime.spawn(function* () {})];
      const L: [string, Pid][] = [["r1", a], ["r2", b], ["r3", a]];
      expect(dsl.del(["r2", b], L)).toEqual([["r1", a], ["r3", a]]);
      expect(dsl.lookup(a, L)).toBe("r1");
      expect(dsl.lookup(b, L)).toBe("r2");
    });
  });

  it("like Erlang's function_clause, deleting or looking up what is not there fails (MatchError)", () => {
    const p = runtime.spawn(function* () {});
    expect(() => dsl.del(["r9", p], [])).toThrow(runtime.MatchError);
    expect(() => dsl.lookup(p, [])).toThrow(runtime.MatchError);
  });
});
