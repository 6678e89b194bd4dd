// The scheduler: runs runnable processes one at a time, each until it blocks or spends its budget,
// in slices of a few milliseconds between which the host's event loop runs (timers, promises, I/O).
// It owns the process table (an intrusive list), the notion of "the current process", and
// what happens when a process function returns (normal exit, or a tail call), throws or yields.

import { describe, ProcessExit } from "./errors.js";
import { macrotask, now } from "./host.js";
import { Resume, Status, type Gen, type Process } from "./process.js";
import { RunQueue } from "./run-queue.js";
import { NONE } from "./mailbox.js";
import { startRecv } from "./ops.js";
import { RECV, SUSPEND } from "./protocol.js";

/** Steps (receives, sleeps; tail calls separately) a process may take before it must let others run. */
export const BUDGET = 2000;
/** Milliseconds the scheduler runs before it lets the host event loop have a turn. */
const SLICE_MS = 8;

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
  if (!scheduled && !ticking) {
    scheduled = true;
    macrotask(tick);
  }
}

function tick(): void {
  scheduled = false;
  ticking = true;
  const start = now();
  let n = 0;
  try {
    while (runq.size > 0) {
      const p = runq.shift();
      if (p.status !== 0 /* Runnable */) continue; // died while queued
      run(p);
      if ((++n & 255) === 0 && now() - start > SLICE_MS) break;
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
        sched.resuming = p.delegated;
        r = gen.next(v);
        break;
      case 2 /* Throw */:
        p.resume = 0 /* Start */;
        r = gen.throw(v);
        break;
      default:
        r = gen.next();
    }
    sched.resuming = false;
    for (;;) {
      if (p.doomed) {
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
          if (--sched.budget <= 0) {
            p.delegated = false;
            p.resume = 1 /* Value */;
            p.value = got;
            enqueue(p);
            break;
          }
          r = gen.next(got);
          continue;
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
      if (--calls <= 0) {
        enqueue(p);
        break;
      }
      r = gen.next();
    }
  } catch (e) {
    sched.resuming = false;
    if (p.doomed) hooks.terminate(p, p.exiting);
    else if (e instanceof ProcessExit) hooks.terminate(p, e.reason);
    else {
      hooks.crash(p, e);
      hooks.terminate(p, e);
    }
  }
  sched.current = null;
}

/** %GeneratorPrototype%.next, which every generator object inherits (unless it overrides it). */
const GEN_NEXT = Object.getPrototypeOf(function* () {}.prototype).next as unknown;

/**
 * Whether `v` is a generator object: one property load (the `next` every generator inherits),
 * where walking the prototype chain took two `Object.getPrototypeOf` calls per tail call.
 */
export function isGenerator(v: unknown): v is Gen {
  return typeof v === "object" && v !== null && (v as { next?: unknown }).next === GEN_NEXT;
}
