// The errors the runtime throws at its callers, and the exception `exit(reason)` raises.
// Each names the misused API and the fix; exit reasons stay data (`ProcessExit.reason`).

/** Erlang's `badarg`: a runtime function got an argument it cannot act on. */
export class BadArg extends Error {
  override name = "BadArg";
  readonly reason = "badarg";
}

/** Erlang's `noproc`: `link` to a process that is not alive, from a process not trapping exits. */
export class NoProc extends Error {
  override name = "NoProc";
  readonly reason = "noproc";
  constructor(readonly pid: unknown, api: string) {
    super(`${api}(${String(pid)}): no such process (noproc). Trap exits to get ['EXIT', pid, 'noproc'] instead, or monitor() it`);
  }
}

/**
 * Erlang's `timeout_value`: a receive timeout or sleep that is not an integer 0..2^32-1 or
 * Infinity. Thrown in the process that asked for it, so only that process fails.
 */
export class TimeoutValue extends Error {
  override name = "TimeoutValue";
  readonly reason = "timeout_value";
  constructor(readonly value: unknown, api: string) {
    super(
      `${api}: the timeout ${describe(value)} is not an integer number of milliseconds from 0 to ${MAX_TIMEOUT} ` +
        `or Infinity (timeout_value). Check where it is computed (e.g. Number() of a missing option is NaN)`,
    );
  }
}

/** The largest timeout Erlang accepts (2^32-1 ms, about 49.7 days). */
export const MAX_TIMEOUT = 4294967295;

/** Erlang's `system_limit`: spawning past the process limit (see configure({ maxProcesses })). */
export class SystemLimit extends Error {
  override name = "SystemLimit";
  readonly reason = "system_limit";
}

/** A process-only operation was called from plain code (no process is running). */
export class NotInProcess extends Error {
  override name = "NotInProcess";
  constructor(api: string) {
    super(`${api} can only be called inside a process: run this code in a function* passed to spawn()`);
  }
}

/**
 * The exception `exit(reason)` raises (Erlang's `exit/1`, class `exit`). Like Erlang's, it can be
 * caught; uncaught, it ends the process with `reason` and, being a deliberate exit, is not logged.
 */
export class ProcessExit extends Error {
  override name = "ProcessExit";
  constructor(readonly reason: unknown) {
    // No stack: a deliberate exit is never reported with one (logger.ts), and capturing it cost
    // more than all the rest of a supervisor's restart of a child that called exit(reason).
    const v8 = Error as { stackTraceLimit?: number }; // V8's knob; elsewhere an unused property
    const limit = v8.stackTraceLimit;
    v8.stackTraceLimit = 0;
    super(`process exit: ${describe(reason)}`);
    v8.stackTraceLimit = limit;
  }
}

/**
 * The exit reason of a process that threw `thrown` and did not catch it. An Error stays the
 * reason (it carries the stack, as Erlang's `{Reason, Stack}`); any other value becomes
 * `["nocatch", value]`, as Erlang's uncaught `throw(V)` exits with `{nocatch, V}`, so that
 * `throw "normal"` or `throw "kill"` is an abnormal exit, never a clean or untrappable one.
 * Only `exit(reason)` chooses an exit reason.
 */
export function uncaughtReason(thrown: unknown): unknown {
  return thrown instanceof Error ? thrown : ["nocatch", thrown];
}

/** A short printable form of any value, for error messages and logs. */
export function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const s = String(v);
    if (s !== "[object Object]") return s;
    try {
      return JSON.stringify(v) ?? s;
    } catch {
      return s;
    }
  }
  return String(v);
}
