// The blocking operations a process performs with `yield*`: receive, sleep, wait.
//
// Each returns a shared, reusable iterator (no generator, no allocation per call) that the process
// delegates to with `yield*`. Its protocol with the scheduler:
//   fresh call   -> next(undefined): try to finish at once (a matching message is already queued),
//                   otherwise record what the process waits for and yield SUSPEND;
//   resumption   -> the scheduler sets `sched.resuming` and calls gen.next(value), which yield*
//                   forwards to next(value): the operation completes with `value`;
//   rejection    -> gen.throw(err) is forwarded to throw(err): the error surfaces at the yield*.
// An operation must be consumed by `yield*` immediately after it is created.

import { NotInProcess, TimeoutValue } from "./errors.js";
import { NONE, type Mailbox, type Matcher } from "./mailbox.js";
import { Resume, Status, type Process } from "./process.js";
import { enqueue, sched, timeUp } from "./scheduler.js";
import { RECV, SUSPEND, type Suspend } from "./protocol.js";
import { addTimer, type Timer } from "./timers.js";
import { IN_WAIT } from "./stall.js";

/**
 * Whether `ms` is a timeout Erlang accepts: Infinity or an integer 0..2^32-1 (exactly the numbers
 * `>>> 0` leaves unchanged, one cheap test on the receive path). Anything else (NaN, negative,
 * fractional, a string, undefined) is Erlang's `timeout_value` error, thrown in the process, so a
 * bad value never reaches the timer heap that every process shares.
 */
function validTimeout(ms: unknown): ms is number {
  return ms === Infinity || (ms as number) >>> 0 === ms;
}

/** What a receive with a timeout returns when the timeout expires. */
export const TIMEOUT: unique symbol = Symbol.for("ts-otp/timeout");
export type Timeout = typeof TIMEOUT;

/** The value a process yields while blocked (typed for `Proc`). */
export type { Suspend };

/** A blocking operation: use it as `yield* op`, which evaluates to `T`. */
export interface Op<T> {
  [Symbol.iterator](): Iterator<Suspend, T, unknown>;
}

/**
 * A process function's body: a generator that blocks only in ts-otp operations. It ends by
 * returning (optionally an R), or by returning another process body: a tail call.
 */
export type Proc<R = void> = Generator<Suspend, R | TailCall, unknown>;
/** What a tail call returns: another process body. */
export interface TailCall extends Generator<Suspend, unknown, unknown> {}

/** A subroutine of a process, run with `const r = yield* sub(args)`: blocks like a process, returns an R (no tail calls). */
export type Call<R = void> = Generator<Suspend, R, unknown>;

const SUSPENDED: IteratorYieldResult<Suspend> = Object.freeze({ done: false, value: SUSPEND }) as IteratorYieldResult<Suspend>;
const DONE: { done: true; value: unknown } = { done: true, value: undefined };

function done(v: unknown): IteratorReturnResult<any> {
  DONE.value = v;
  return DONE;
}

function currentOrThrow(api: string): Process {
  const p = sched.current;
  if (p === null) throw new NotInProcess(api);
  return p;
}

/** Completes whatever the process is blocked in: called by the timer module for timeouts. */
function onTimer(t: Timer): void {
  const p = t.owner as Process;
  if (p.timer !== t) return;
  p.timer = null;
  if (p.status === 2 /* Waiting */) {
    p.matcher = null;
    p.clause = -1;
    p.resume = 1 /* Value */;
    p.value = TIMEOUT;
    enqueue(p);
  } else if (p.status === 3 /* Suspended */) {
    p.resume = 1 /* Value */;
    p.value = undefined;
    enqueue(p);
  }
}

abstract class BaseOp implements Iterator<Suspend, any, unknown> {
  [Symbol.iterator](): this {
    return this;
  }
  next(v?: unknown): IteratorResult<Suspend, any> {
    if (sched.resuming) {
      sched.resuming = false;
      return done(v);
    }
    // An exit signal killed the process while it ran (signals are asynchronous, as in Erlang):
    // it stops here, at the operation, with nothing thrown for its own code to catch.
    if (sched.current !== null && sched.current.doomed) return SUSPENDED;
    return this.start();
  }
  throw(e: unknown): never {
    sched.resuming = false;
    throw e;
  }
  return(v?: unknown): IteratorResult<Suspend, any> {
    return done(v);
  }
  protected abstract start(): IteratorResult<Suspend, any>;
}

class ReceiveOp extends BaseOp {
  matcher: Matcher = () => false;
  timeout = Infinity;
  protected start(): IteratorResult<Suspend, any> {
    const p = currentOrThrow("receive");
    const got = beginReceive(p, this.matcher, this.timeout, true);
    if (got === NONE) return SUSPENDED;
    if (--sched.budget > 0 && !timeUp()) return done(got);
    // Out of budget: the receive is complete, but the others run before this process continues.
    p.delegated = true;
    p.resume = 1 /* Value */;
    p.value = got;
    enqueue(p);
    return SUSPENDED;
  }
}

// The receive path is split hot/cold: what runs for every message stays small, so that V8 inlines
// it into the scheduler and into compiled process functions (its inlining budget is counted in
// bytecode), and what runs rarely (a queued message, a finite timeout, a bad timeout value) is
// called out of line.

/**
 * The receive itself, shared by both forms: takes the oldest message the matcher accepts, or
 * TIMEOUT when nothing matches and the timeout is 0; otherwise blocks `p` (with a timer for a
 * finite timeout) and returns NONE. `delegated` says how `p` will be resumed: through the yield*
 * operation's iterator, or as a plain-yield `recv`.
 */
function beginReceive(p: Process, matcher: Matcher, timeout: number, delegated: boolean): unknown {
  if (p.mailbox !== null) {
    const got = takeQueued(p, p.mailbox, matcher);
    if (got !== NONE) return got;
  }
  if (timeout <= 0) {
    p.clause = -1;
    return TIMEOUT;
  }
  p.matcher = matcher;
  p.status = 2 /* Waiting */;
  p.delegated = delegated;
  if (timeout !== Infinity) p.timer = addTimer(timeout, p, onTimer);
  return NONE;
}

/** Takes the oldest queued message `matcher` accepts (NONE if none does). */
function takeQueued(p: Process, mb: Mailbox, matcher: Matcher): unknown {
  const got = mb.take(matcher);
  if (got !== NONE) {
    p.clause = mb.clause;
    // An emptied mailbox is dropped: the next receive then tests one field of the process
    // instead of loading two more objects (in a ring of 10,000 processes, two cache misses a hop).
    if (mb.length === 0) p.mailbox = null;
  }
  return got;
}

class SleepOp extends BaseOp {
  ms = 0;
  protected start(): IteratorResult<Suspend, any> {
    const p = currentOrThrow("sleep");
    p.delegated = true;
    if (this.ms === Infinity) {
      p.status = 3 /* Suspended */;
    } else if (this.ms > 0) {
      p.status = 3 /* Suspended */;
      p.timer = addTimer(this.ms, p, onTimer);
    } else {
      p.resume = 1 /* Value */;
      enqueue(p);
    }
    return SUSPENDED;
  }
}

class WaitOp extends BaseOp {
  promise: unknown = undefined;
  protected start(): IteratorResult<Suspend, any> {
    const p = currentOrThrow("wait");
    p.delegated = true;
    const seq = ++p.waitSeq;
    p.status = 3 /* Suspended */;
    p.value = IN_WAIT; // for stall reports; settling replaces it
    Promise.resolve(this.promise).then(
      (v) => settle(p, seq, 1 /* Value */, v),
      (e) => settle(p, seq, 2 /* Throw */, e),
    );
    this.promise = undefined;
    return SUSPENDED;
  }
}

function settle(p: Process, seq: number, how: Resume, v: unknown): void {
  if (p.status !== 3 /* Suspended */ || p.waitSeq !== seq) return; // the process died or moved on
  p.resume = how;
  p.value = v;
  enqueue(p);
}

const receiveOp = new ReceiveOp();

export const pending = { matcher: null as Matcher | null, timeout: Infinity };

/**
 * Completes the receive `recv` left pending, for the scheduler: the message (or TIMEOUT) if it
 * can finish now, or NONE after blocking the process until a matching message or the timeout.
 */
export function startRecv(p: Process): unknown {
  const matcher = pending.matcher!;
  pending.matcher = null;
  return beginReceive(p, matcher, pending.timeout, false);
}
const sleepOp = new SleepOp();
const waitOp = new WaitOp();

/**
 * Erlang's selective receive as a library call: takes the oldest message `matcher` accepts
 * (`true`, or a clause index >= 0), leaving the others queued in order. If none is queued, the
 * process blocks; only messages that arrive afterwards are tested. With `timeoutMs` (0 = poll,
 * Infinity = never), returns TIMEOUT when it expires. `lastClause()` tells which clause index matched.
 *
 * @example
 * const msg = yield* receiveWith((m): m is ["ping", Pid] => Array.isArray(m) && m[0] === "ping");
 * send(msg[1], "pong");
 */
export function receiveWith<T>(matcher: (msg: any) => msg is T): Op<T>;
export function receiveWith<T>(matcher: (msg: any) => msg is T, timeoutMs: number): Op<T | Timeout>;
export function receiveWith<T = unknown>(matcher: Matcher): Op<T>;
export function receiveWith<T = unknown>(matcher: Matcher, timeoutMs: number): Op<T | Timeout>;
export function receiveWith(matcher: Matcher, timeoutMs?: number): Op<unknown> {
  if (typeof matcher !== "function") throw new TypeError("receiveWith(matcher, timeoutMs): matcher must be a function (msg) => boolean | clauseIndex");
  if (!validTimeout(timeoutMs)) {
    if (arguments.length >= 2) throw new TimeoutValue(timeoutMs, "receiveWith(matcher, timeoutMs)");
    timeoutMs = Infinity;
  }
  receiveOp.matcher = matcher;
  receiveOp.timeout = timeoutMs!;
  return receiveOp;
}

/**
 * The receive the compiler emits: `const msg = yield recv(matcher, timeoutMs)` — a plain yield
 * that the scheduler completes in its run loop (no iterator protocol), the cheapest receive.
 * Same semantics as receiveWith; the value of the yield is the message or TIMEOUT.
 * NOTE: keep in step with runtime/scheduler.ts (run) and transformer/compile.ts (the emitted head).
 */
export function recv(matcher: Matcher, timeoutMs?: number): Suspend {
  pending.matcher = matcher;
  pending.timeout = timeoutMs === Infinity ? Infinity : recvTimeout(timeoutMs, arguments.length);
  return RECV;
}

/** A compiled receive's `after` value other than Infinity: the value, or Erlang's timeout_value. */
function recvTimeout(ms: unknown, given: number): number {
  if (validTimeout(ms)) return ms;
  // Thrown before the yield, so it surfaces at the receive's own line in the process.
  if (given >= 2) throw new TimeoutValue(ms, "case after(ms) of a receive");
  return Infinity; // recv(matcher): no timeout
}

/** The clause index the last receive of the current process matched; -1 if it timed out. */
export function lastClause(): number {
  return sched.current === null ? -1 : sched.current.clause;
}

/** Suspends the process for `ms` milliseconds (`sleep(0)` just lets others run). */
export function sleep(ms: number): Op<void> {
  if (!validTimeout(ms)) throw new TimeoutValue(ms, "sleep(ms)");
  sleepOp.ms = ms;
  return sleepOp;
}

/** Suspends the process until `promise` settles: evaluates to its value, or throws its rejection inside the process. */
export function wait<T>(promise: PromiseLike<T> | T): Op<Awaited<T>> {
  waitOp.promise = promise;
  return waitOp;
}
