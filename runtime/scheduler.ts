// The scheduler: runs runnable processes one at a time, each until it blocks or spends its budget,
// in slices of a few milliseconds between which the host's event loop runs (timers, promises, I/O).
// It owns the process table (an intrusive list), the notion of "the current process", and
// what happens when a process function returns (normal exit, or a tail call), throws or yields.

import { describe, ProcessExit, uncaughtReason } from "./errors.js";
import { macrotask, now } from "./host.js";
import { Resume, Status, type Gen, type Process } from "./process.js";
import { RunQueue } from "./run-queue.js";
import { NONE } from "./mailbox.js";
import { startRecv } from "./ops.js";
import { PREEMPT, RECV, SUSPEND } from "./protocol.js";

/** Steps (receives, sleeps; tail calls separately) a process may take before it must let others run. */
export const BUDGET = 2000;
/** Milliseconds the scheduler runs before it lets the host event loop (timers, I/O) have a turn. */
const SLICE_MS = 4;

/**
 * Shared mutable state of the running scheduler. NOTE: keep in step with runtime/ops.ts, which
 * reads `resuming` to tell a resumption from a fresh call.
 */
export const sched = {
  current: null as Process | null,
  budget: 0,
  /** Set just before a blocked process is resumed with a value; its operation consumes it. */
  resuming: false,
};


const runq = new RunQueue();
let ticking = false;
let scheduled = false;

/** Hooks the signal module installs (a cycle broken at start-up rather than through imports). */
export const hooks = {
  terminate: (_p: Process, _reason: unknown): void => {},
  crash: (_p: Process, _error: unknown): void => {},
};

// ---- the process table ----
let first: Process | null = null;
let count = 0;

export function addLive(p: Process): void {
  p.next = first;
  if (first !== null) first.prev = p;
  first = p;
  count++;
}

export function removeLive(p: Process): void {
  if (p.prev !== null) p.prev.next = p.next;
  else first = p.next;
  if (p.next !== null) p.next.prev = p.prev;
  p.prev = p.next = null;
  count--;
}

export function liveProcesses(): Process[] {
  const out: Process[] = [];
  for (let p = first; p !== null; p = p.next) out.push(p);
  return out;
}

export function liveCount(): number {
  return count;
}

export function runQueueLength(): number {
  return runq.size;
}

// ---- running ----

/** Makes `p` runnable; it runs in this or the next scheduler slice. */
export function enqueue(p: Process): void {
  p.status = 0 /* Runnable */;
  runq.push(p);
  if (ticking === false && scheduled === false) {
    scheduled = true;
    macrotask(tick);
  }
}

/** Microseconds one run of a process may take before the next runnable process gets its turn. */
const RUN_US = 50;
/** Microseconds a slice lasts (SLICE_MS). */
const SLICE_US = SLICE_MS * 1000;

// ---- the clock ----
// A slice ends SLICE_MS after it began and a run RUN_US after it began, however the time is spent:
// many short runs, or runs of many costly steps (a run may take BUDGET steps). A clock read costs
// as much as a step or more (performance.now(): 30-300 ns here, a tail call or receive: 50-200 ns),
// so it is read every `mask + 1` steps and runs, with `mask` adapted so that reads come every
// 10-40 µs whatever a step costs (about 1% of the time at worst). Runs are short, as the BEAM's
// (~4,000 reductions, tens of µs), so a process woken behind many busy ones is not kept waiting long.
// A process woken by a due timer thus waits about one slice for the host to hand the timer over,
// plus about RUN_US for each runnable process queued before it (round robin, as on the BEAM).
// Times within a slice are whole microseconds since the slice began: small integers, which V8
// stores unboxed. Fractional milliseconds in `let`s were boxed numbers, and noting the run's start
// on every run (a young box stored into an old context: a write barrier's slow path, or, kept in a
// Float64Array, ~30 instructions) cost as much as the rest of a run's bookkeeping together.
let sliceStart = 0;
let lastRead = 0;
let runStart = 0;
let sliceOver = false;
let runOver = false;
let steps = 0;
let mask = 63;

/** Counts one step of the running process; true once its run's (or the slice's) time is up: it must let others run. */
export function timeUp(): boolean {
  if ((++steps & mask) !== 0) return runOver;
  return readClock();
}

/** timeUp's clock read, out of line so that timeUp itself is small enough to inline everywhere. */
function readClock(): boolean {
  const us = (now() - sliceStart) * 1000;
  const dt = us - lastRead;
  if (dt > 40) mask >>= 1;
  else if (dt < 10 && mask < 4095) mask = (mask << 1) | 1;
  if (us >= SLICE_US) {
    sliceOver = runOver = true;
    return true;
  }
  lastRead = us | 0; // under SLICE_US here: a small integer
  if (lastRead - runStart >= RUN_US) runOver = true;
  return runOver;
}

function tick(): void {
  scheduled = false;
  ticking = true;
  sliceStart = now();
  lastRead = 0;
  sliceOver = false;
  try {
    while (runq.size > 0) {
      const p = runq.shift();
      if (p.status !== 0 /* Runnable */) continue; // died while queued
      run(p);
      timeUp(); // a run counts as a step: many short runs end the slice too
      if ((sliceOver as boolean) === true) break; // timeUp may have set it
    }
  } finally {
    ticking = false;
    if (runq.size > 0 && !scheduled) {
      scheduled = true;
      macrotask(tick);
    }
  }
}

function run(p: Process): void {
  // The run's start, to within one clock-read interval (reading the clock per run costs too much).
  // A run never starts once the slice is over (tick stops first), so runOver only needs clearing.
  runStart = lastRead;
  runOver = false;
  sched.current = p;
  sched.budget = BUDGET;
  p.status = 1 /* Running */;
  let gen = p.gen!;
  // Tail calls (across modules: the compiler turns self tail calls into loops) have an allowance
  // of their own per run, so a server loop (a receive, then a tail call) is requeued no more often
  // than the same loop written with `for (;;)`, and a process that only tail-calls still yields.
  let calls = BUDGET;
  try {
    let r: IteratorResult<unknown, unknown>;
    const v = p.value;
    p.value = undefined;
    switch (p.resume) {
      case 1 /* Value */:
        p.resume = 0 /* Start */;
        // Only a process blocked in a yield* operation is resumed through the operation's
        // iterator, which must tell a resumption from a fresh call (see ops.ts).
        if (p.delegated === true) {
          sched.resuming = true;
          r = resumeGen.call(gen, v);
          sched.resuming = false;
        } else r = resumeGen.call(gen, v);
        break;
      case 2 /* Throw */:
        p.resume = 0 /* Start */;
        r = gen.throw(v);
        break;
      default:
        r = resumeGen.call(gen, undefined);
    }
    for (;;) {
      if (p.doomed === true) {
        hooks.terminate(p, p.exiting);
        break;
      }
      if (r.done !== true) {
        const y = r.value;
        if (y === SUSPEND) break;
        if (y === RECV) {
          // A plain-yield receive (what compiled code emits): completed here, without a round
          // trip through the run queue while the process has budget left.
          const got = startRecv(p);
          if (got === NONE) break;
          if (--sched.budget <= 0 || timeUp()) {
            p.delegated = false;
            p.resume = 1 /* Value */;
            p.value = got;
            enqueue(p);
            break;
          }
          r = resumeGen.call(gen, got);
          continue;
        }
        if (y === PREEMPT) {
          // A compiled tail-call loop's turn is up: the others run, then it goes on.
          p.delegated = false;
          p.resume = 1 /* Value */;
          p.value = undefined;
          enqueue(p);
          break;
        }
        throw new TypeError(
          `process ${p} yielded ${describe(r.value)}: a process may only block in ts-otp operations, ` +
            `with yield* (yield* receiveWith(...), yield* sleep(ms), yield* wait(promise))`,
        );
      }
      const ret = r.value;
      if (!isGenerator(ret)) {
        hooks.terminate(p, "normal");
        break;
      }
      // A tail call: `return other(args)` continues the same process in `other`.
      p.gen = gen = ret;
      if (--calls <= 0 || timeUp()) {
        enqueue(p);
        break;
      }
      r = resumeGen.call(gen, undefined);
    }
  } catch (e) {
    sched.resuming = false;
    if (p.doomed) hooks.terminate(p, p.exiting);
    else if (e instanceof ProcessExit) hooks.terminate(p, e.reason);
    else {
      hooks.crash(p, e);
      hooks.terminate(p, uncaughtReason(e));
    }
  }
  sched.current = null;
}

/**
 * %GeneratorPrototype%.next, which every generator object inherits (unless it overrides it). The
 * scheduler resumes every process by calling it directly, never with `gen.next(...)`: each
 * generator function gives its generators a map of their own, so that load sees as many maps as a
 * program has process functions and goes megamorphic past four (a stub-cache probe, ~130
 * instructions per message in ping-pong with five, callgrind).
 */
const resumeGen = Object.getPrototypeOf(function* () {}.prototype).next as (this: Gen, v: unknown) => IteratorResult<unknown, unknown>;

/**
 * Whether `v` is a generator object: one property load (the `next` every generator inherits),
 * where walking the prototype chain took two `Object.getPrototypeOf` calls per tail call.
 */
export function isGenerator(v: unknown): v is Gen {
  return typeof v === "object" && v !== null && (v as { next?: unknown }).next === resumeGen;
}
