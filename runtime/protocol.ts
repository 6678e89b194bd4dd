// The tokens a process yields to the scheduler, in a leaf module so that the scheduler and the
// operations can both import them without an evaluation-order cycle.

/** Yielded (inside a shared iterator result) by every yield* operation that blocks the process. */
export const SUSPEND: unique symbol = Symbol.for("ts-otp/suspend");
export type Suspend = typeof SUSPEND;

/** Yielded by `recv(...)`: a receive the scheduler completes in its run loop. */
export const RECV: Suspend = Symbol.for("ts-otp/recv") as unknown as Suspend;

/**
 * Yielded by a loop the compiler made of self tail calls, every BUDGET iterations: the process
 * goes to the back of the run queue (Erlang's erlang:yield/0), as it did when each tail call went
 * through the scheduler, so a process that only tail-calls cannot keep the others from running.
 * NOTE: keep in step with transformer/tail-calls.ts, which emits `yield` of it.
 */
export const PREEMPT: Suspend = Symbol.for("ts-otp/preempt") as unknown as Suspend;

let turns = 2000;
/**
 * Called by a compiled tail-call loop at each tail call: true every 2,000 calls (the scheduler's
 * BUDGET), when the loop must yield PREEMPT. One counter for all loops: it only sets how often a
 * looping process lets the others run, and keeps the compiled loop free of locals of its own.
 */
export function preemptDue(): boolean {
  if (--turns > 0) return false;
  turns = 2000;
  return true;
}
