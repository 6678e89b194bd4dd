// Running a behaviour's callback: a callback may be a plain function or a generator function
// (then it may receive, sleep or call others), so its result is either the answer or a generator
// to run to completion with `yield*` inside the behaviour's process.

import { ProcessExit, type Call } from "../runtime/index.js";
import { uncaughtReason } from "../runtime/errors.js";

/** Whether `v` is a generator object (what a `function*` returns). */
export function isGenerator<T>(v: T | Generator<unknown, T, unknown>): v is Generator<unknown, T, unknown> {
  return typeof v === "object" && v !== null && typeof (v as Generator).next === "function" && typeof (v as Generator).throw === "function";
}

/** The callback's answer: `r` itself, or what the generator `r` returns once run in this process. */
export function* settle<T>(r: T | Generator<unknown, T, unknown>): Call<T> {
  return isGenerator(r) ? ((yield* (r as Call<T>)) as T) : (r as T);
}

/**
 * The exit reason a callback's throw gives the process: `exit(reason)`'s reason, an Error itself,
 * or `["nocatch", v]` for any other thrown value (the same rule the runtime applies).
 */
export function thrownReason(e: unknown): unknown {
  return e instanceof ProcessExit ? e.reason : uncaughtReason(e);
}
