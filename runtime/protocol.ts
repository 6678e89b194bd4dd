// The tokens a process yields to the scheduler, in a leaf module so that the scheduler and the
// operations can both import them without an evaluation-order cycle.

/** Yielded (inside a shared iterator result) by every yield* operation that blocks the process. */
export const SUSPEND: unique symbol = Symbol.for("ts-otp/suspend");
export type Suspend = typeof SUSPEND;

/** Yielded by `recv(...)`: a receive the scheduler completes in its run loop. */
export const RECV: Suspend = Symbol.for("ts-otp/recv") as unknown as Suspend;
