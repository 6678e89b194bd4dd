// The DSL's surface as the runtime sees it. `receive`, `match` and `after` exist so DSL files
// type-check and import cleanly, but they only mean something once the receive compiler has
// rewritten the `switch` around them; called for real, they say which door to enable.
// MatchError is what a compiled `match` with no matching case throws (Erlang's case_clause).

import { describe } from "./errors.js";

const HOW =
  "enable ts-otp's compiler: the ts-patch plugin { \"transform\": \"ts-otp/transformer\", \"transformProgram\": true } with tspc, " +
  "the esbuild plugin ts-otp/esbuild (tsup), the Vite plugin ts-otp/vite (vitest), or run the file with `ts-otp run file.ts`";

/** Thrown by untransformed DSL code. */
export class DslNotCompiled extends Error {
  override name = "DslNotCompiled";
}

/**
 * `switch (receive<Msg>()) { case PATTERN: ... }` — Erlang's receive. Only meaningful as the
 * subject of a switch in a compiled file.
 */
export function receive<M = unknown>(): M {
  throw new DslNotCompiled(`receive() ran uncompiled: ${HOW}`);
}

/** `switch (match(value)) { case PATTERN: ... }` — Erlang's case. Only meaningful in a compiled file. */
export function match<T>(_value: T): T {
  throw new DslNotCompiled(`match() ran uncompiled: ${HOW}`);
}

/** `case after(ms):` — the timeout clause of a receive. Only meaningful in a compiled file. */
export function after(_ms: number): never {
  throw new DslNotCompiled(`after() ran uncompiled: ${HOW}`);
}

/** No case of a `match` matched the value (Erlang's `{case_clause, Value}`). */
export class MatchError extends Error {
  override name = "MatchError";
  constructor(readonly value: unknown) {
    super(`no case matched the value ${describe(value)} (case_clause): add a case for it, or a default: clause`);
  }
}
