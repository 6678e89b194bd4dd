// ts-otp/server: Erlang's gen_server. A process that owns a state and serves synchronous calls,
// casts and other messages through a behaviour's callbacks; startLink runs init before it returns,
// call waits for the answer under a monitor and a timeout, stop returns once terminate has run.
// Written in the receive DSL (compiled by every door: vitest's Vite plugin, tsup's esbuild plugin).

import {
  receive, match, after, send, self, spawn, spawnLink, monitor, demonitor, exit, register, whereis, makeRef,
  describe, ProcessExit, Pid, Ref, type Call, type Proc,
} from "../runtime/index.js";
import { isKilled, settle } from "./run-callback.js";

/** A callback's answer, or a generator that computes it (a `function*` callback may block). */
export type Ret<T> = T | Generator<unknown, T, unknown>;

export type InitResult<S> = ["ok", S] | ["stop", unknown];
export type CallResult<S, Rep> = ["reply", Rep, S] | ["noreply", S] | ["stop", unknown, Rep, S] | ["stop", unknown, S];
export type CastResult<S> = ["noreply", S] | ["stop", unknown, S];

/**
 * The callbacks of a server (Erlang's gen_server callback module). Every callback runs inside the
 * server process, one message at a time; any of them may be a generator function.
 */
export interface Behaviour<S, Req = unknown, Rep = unknown, Cast = unknown> {
  /** Runs before startLink returns: ["ok", state] starts serving; ["stop", reason] makes startLink fail. */
  init(...args: any[]): Ret<InitResult<S>>;
  /** A `call`: answer now (["reply", rep, state]), later with `reply(from, rep)` (["noreply", state]), or stop. */
  handleCall(req: Req, from: From, state: S): Ret<CallResult<S, Rep>>;
  /** A `cast`. Without it, a cast crashes the server (as a missing handle_cast does in Erlang). */
  handleCast?(msg: Cast, state: S): Ret<CastResult<S>>;
  /** Every other message, trapped exits of linked processes included. Without it, they are dropped. */
  handleInfo?(msg: unknown, state: S): Ret<CastResult<S>>;
  /** Runs when the server stops: a stop result, a crashed callback, `stop()`, its parent's exit signal if it traps exits. */
  terminate?(reason: unknown, state: S): void | Generator<unknown, void, unknown>;
}

/**
 * Who made a call: the caller's pid and the call's tag (the monitor the caller holds on the server).
 * Keep it to answer later with `reply(from, value)`.
 */
export class From {
  /** Set when the caller stopped waiting (timeout): a reply after that is dropped, as Erlang drops one sent to a deactivated alias. */
  #abandoned = false;
  /** @internal */
  constructor(readonly pid: Pid, readonly tag: Ref) {}

  /** @internal */
  abandon(): void {
    this.#abandoned = true;
  }
  /** @internal */
  get abandoned(): boolean {
    return this.#abandoned;
  }
}

/** A `call` (or `stop`) failed: `reason` is "timeout", "noproc", "calling_self" or the server's exit reason. */
export class CallError extends Error {
  override name = "CallError";
  constructor(
    readonly reason: unknown,
    readonly server: Pid | string,
    readonly request: unknown,
  ) {
    super(`call to ${String(server)} failed (${describe(reason)}); request: ${describe(request)}`);
  }
}

/**
 * `startLink` (or `start`) failed: `reason` is the reason init stopped or crashed with, or
 * ["already_started", pid] when the name is taken.
 */
export class StartError extends Error {
  override name = "StartError";
  constructor(readonly reason: unknown) {
    super(`server failed to start: ${describe(reason)}`);
  }
}

export interface StartOptions {
  /** Register the server under this name (before init runs, as Erlang does). */
  name?: string;
}

// ---------------------------------------------------------------------------------- the client

/**
 * Starts a server linked to the caller and returns its pid once `init` has returned ["ok", state].
 * If init returns ["stop", reason] or throws, throws a StartError; the server exits with that
 * reason, so a caller that does not trap exits dies of it through the link (as in Erlang).
 *
 * @example
 * const pid = yield* server.startLink(counter, [0], { name: "counter" });
 */
export function* startLink<S>(behaviour: Behaviour<S, any, any, any>, args: unknown[] = [], opts: StartOptions = {}): Call<Pid> {
  return yield* startServer(behaviour, args, opts, true);
}

/** Starts a server with no link, from plain async code (or a process): resolves with its pid once init returned. */
export function start<S>(behaviour: Behaviour<S, any, any, any>, args: unknown[] = [], opts: StartOptions = {}): Promise<Pid> {
  return new Promise((resolve, reject) => {
    spawn(function* starter(): Proc {
      try {
        resolve(yield* startServer(behaviour, args, opts, false));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** @internal The start protocol: spawn, let init run, wait for its acknowledgement (or the server's death). */
export function* startServer<S>(behaviour: Behaviour<S, any, any, any>, args: unknown[], opts: StartOptions, linked: boolean): Call<Pid> {
  checkBehaviour(behaviour);
  const tag = makeRef();
  const starter = self();
  const pid = linked
    ? spawnLink(serverMain, behaviour, args, opts.name, starter, tag, starter)
    : spawn(serverMain, behaviour, args, opts.name, starter, tag, undefined);
  const mref = monitor(pid);
  switch (receive<unknown>()) {
    case [tag, "ok"]:
      demonitor(mref, { flush: true });
      return pid;
    case [tag, ["error", Reason]]:
      demonitor(mref, { flush: true });
      throw new StartError(Reason);
    case ["DOWN", mref, "process", _, Reason]:
      throw new StartError(Reason); // killed before init answered
  }
}

/**
 * Calls the server and waits for its answer (Erlang's gen_server:call). The server is monitored
 * during the call: if it is not alive, or dies before answering, the call fails at once with a
 * CallError whose `reason` is "noproc" or the server's exit reason; after `timeoutMs` it fails
 * with "timeout", and an answer that comes later is dropped (never left in the caller's mailbox).
 */
export function* call<Rep = unknown>(serverRef: Pid | string, request: unknown, timeoutMs: number = 5000): Call<Rep> {
  const pid = typeof serverRef === "string" ? whereis(serverRef) : serverRef;
  if (pid === undefined) throw new CallError("noproc", serverRef, request);
  if (pid === self()) throw new CallError("calling_self", serverRef, request);
  const mref = monitor(pid);
  const from = new From(self(), mref);
  send(pid, ["$gen_call", from, request]);
  switch (receive<unknown>()) {
    case [mref, Answer]:
      demonitor(mref, { flush: true });
      return Answer as Rep;
    case ["DOWN", mref, "process", _, Reason]:
      throw new CallError(Reason, serverRef, request);
    case after(timeoutMs):
      from.abandon();
      demonitor(mref, { flush: true });
      yield* dropLateReply(mref); // sent between the timeout and now
      throw new CallError("timeout", serverRef, request);
  }
}

function* dropLateReply(mref: Ref): Call {
  switch (receive<unknown>()) {
    case [mref, _Late]:
      return;
    case after(0):
      return;
  }
}

/** Sends `msg` to the server's handleCast and returns at once (a dead server or unknown name: dropped, as Erlang's cast). */
export function cast(serverRef: Pid | string, msg: unknown): void {
  const pid = typeof serverRef === "string" ? whereis(serverRef) : serverRef;
  if (pid !== undefined) send(pid, ["$gen_cast", msg]);
}

/** Answers a call the server kept for later (handleCall returned ["noreply", state]). */
export function reply(from: From, value: unknown): void {
  if (!from.abandoned) send(from.pid, [from.tag, value]);
}

/**
 * Stops the server with `reason` and returns once it has run `terminate` and exited (Erlang's
 * gen_server:stop). Throws a CallError with "noproc" if it is not alive, with "timeout" after
 * `timeoutMs`, or with its exit reason if it died of another one.
 */
export function* stop(serverRef: Pid | string, reason: unknown = "normal", timeoutMs: number = Infinity): Call {
  const pid = typeof serverRef === "string" ? whereis(serverRef) : serverRef;
  if (pid === undefined) throw new CallError("noproc", serverRef, ["stop", reason]);
  const mref = monitor(pid);
  send(pid, ["$gen_stop", reason]);
  switch (receive<unknown>()) {
    case ["DOWN", mref, "process", _, Reason]:
      if (Reason === reason) return;
      throw new CallError(Reason, serverRef, ["stop", reason]);
    case after(timeoutMs):
      demonitor(mref, { flush: true });
      exit(pid, "kill");
      throw new CallError("timeout", serverRef, ["stop", reason]);
  }
}

// ---------------------------------------------------------------------------------- the server

function checkBehaviour(b: unknown): void {
  const o = b as Partial<Behaviour<unknown>> | null;
  if (typeof o !== "object" || o === null || typeof o.init !== "function" || typeof o.handleCall !== "function")
    throw new TypeError(
      `server.startLink(behaviour, ...): behaviour must be an object with init(...args) and handleCall(req, from, state) methods, got ${describe(b)}`,
    );
}

function* serverMain<S>(b: Behaviour<S>, args: unknown[], name: string | undefined, starter: Pid, tag: Ref, parent: Pid | undefined): Proc {
  if (name !== undefined) {
    const holder = whereis(name);
    if (holder !== undefined) {
      send(starter, [tag, ["error", ["already_started", holder]]]);
      return; // exits "normal", as Erlang's gen_server does here
    }
    register(name, self());
  }
  let r: InitResult<S>;
  try {
    r = yield* settle(b.init(...args));
  } catch (e) {
    if (!isKilled(e)) send(starter, [tag, ["error", e instanceof ProcessExit ? e.reason : e]]);
    throw e;
  }
  switch (match(r)) {
    case ["ok", State]:
      send(starter, [tag, "ok"]);
      return serve(b, State as S, parent);
    case ["stop", Reason]:
      send(starter, [tag, ["error", Reason]]);
      exit(Reason);
    default: {
      const reason = ["bad_return_value", r];
      send(starter, [tag, ["error", reason]]);
      exit(reason);
    }
  }
}

/** The server loop: one message at a time, oldest first, to the callback its kind names. */
function* serve<S>(b: Behaviour<S>, initial: S, parent: Pid | undefined): Proc {
  let state = initial;
  for (;;) {
    switch (receive<unknown>()) {
      case ["$gen_call", Caller as From, Req]: {
        let r: CallResult<S, unknown>;
        try {
          r = yield* settle(b.handleCall(Req, Caller, state));
        } catch (e) {
          return yield* crashed(b, e, state);
        }
        switch (match(r)) {
          case ["reply", Answer, State]:
            reply(Caller, Answer);
            state = State as S;
            continue;
          case ["noreply", State]:
            state = State as S;
            continue;
          case ["stop", Reason, Answer, State]:
            yield* terminating(b, Reason, State as S);
            reply(Caller, Answer); // after terminate, as Erlang does
            exit(Reason);
          case ["stop", Reason, State]:
            yield* terminating(b, Reason, State as S);
            exit(Reason);
          default:
            return yield* badReturn(b, r, state);
        }
      }
      case ["$gen_cast", Msg]: {
        if (b.handleCast === undefined) {
          const e = new TypeError(`server ${self()} got a cast (${describe(Msg)}) but its behaviour has no handleCast(msg, state): add one`);
          return yield* crashed(b, e, state);
        }
        let r: CastResult<S>;
        try {
          r = yield* settle(b.handleCast(Msg, state));
        } catch (e) {
          return yield* crashed(b, e, state);
        }
        state = yield* noreplyOrStop(b, r, state);
        continue;
      }
      case ["$gen_stop", Reason]:
        yield* terminating(b, Reason, state);
        exit(Reason);
      case ["EXIT", parent, Reason]: // only seen when trapping exits: the parent's exit stops the server
        yield* terminating(b, Reason, state);
        exit(Reason);
      case Info: {
        if (b.handleInfo === undefined) continue; // dropped, as OTP's default handle_info does (it also logs it)
        let r: CastResult<S>;
        try {
          r = yield* settle(b.handleInfo(Info, state));
        } catch (e) {
          return yield* crashed(b, e, state);
        }
        state = yield* noreplyOrStop(b, r, state);
        continue;
      }
    }
  }
}

/** A handleCast / handleInfo result: the next state, or the server stops. */
function* noreplyOrStop<S>(b: Behaviour<S>, r: CastResult<S>, state: S): Call<S> {
  switch (match(r)) {
    case ["noreply", State]:
      return State as S;
    case ["stop", Reason, State]:
      yield* terminating(b, Reason, State as S);
      exit(Reason);
    default:
      return yield* badReturn(b, r, state);
  }
}

/** Runs terminate (if the behaviour has one) before the server exits with `reason`. */
function* terminating<S>(b: Behaviour<S>, reason: unknown, state: S): Call {
  if (b.terminate !== undefined) yield* settle(b.terminate(reason, state));
}

/**
 * A callback threw: terminate runs with the reason (the thrown error, or exit(reason)'s reason),
 * then the error goes on, so the server exits with it (and a thrown Error is logged as a crash).
 */
function* crashed<S>(b: Behaviour<S>, e: unknown, state: S): Call<never> {
  if (!isKilled(e)) yield* terminating(b, e instanceof ProcessExit ? e.reason : e, state);
  throw e;
}

/** A callback returned something that is not one of its results: Erlang's {bad_return_value, R}. */
function* badReturn<S>(b: Behaviour<S>, r: unknown, state: S): Call<never> {
  const reason = ["bad_return_value", r];
  yield* terminating(b, reason, state);
  exit(reason);
}
