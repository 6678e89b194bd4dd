// Running a behaviour's callback: a callback may be a plain function or a generator function
// (then it may receive, sleep or call others), so its result is either the answer or a generator
// to run to completion with `yield*` inside the behaviour's process.

import type { Call } from "../runtime/index.js";

/** Whether `v` is a generator object (what a `function*` returns). */
export function isGenerator(v: unknown): v is Generator<unknown, unknown, unknown> {
  return typeof v === "object" && v !== null && typeof (v as Generator).next === "function" && typeof (v as Generator).throw === "function";
}

/** The callback's answer: `r` itself, or what the generator `r` returns once run in this process. */
export function* settle<T>(r: T | Generator<unknown, T, unknown>): Call<T> {
  return isGenerator(r) ? ((yield* (r as Call<T>)) as T) : (r as T);
}

/**
 * Whether `e` is the runtime's signal that this process was killed while it ran (an exit signal
 * its own call caused): such a process runs no more code, so no terminate callback either.
 */
export function isKilled(e: unknown): boolean {
  return e instanceof Error && e.name === "ProcessExiting";
}
