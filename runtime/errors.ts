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
    super(`process exit: ${describe(reason)}`);
  }
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
