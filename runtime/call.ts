// call(): a process function run as a subroutine, to its final value, whatever tail calls it makes.
// The compiler turns tail calls within a module into loops, so `yield* f(x)` already ends with f's
// final value when f's tail calls stay in its module; a tail call to another module's function
// is returned to the caller as a generator instead. `yield* call(f(x))` follows those too.

import type { Call, Proc } from "./ops.js";
import { isGenerator } from "./scheduler.js";

/** Runs `body` (a process function's generator) inside the current process and returns its final value. */
export function* call<R>(body: Proc<R>): Call<R> {
  let r: unknown = yield* body;
  while (isGenerator(r)) r = yield* (r as Proc<unknown>);
  return r as R;
}
