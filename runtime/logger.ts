// Reports: a process that dies of a thrown error is reported once, through a pluggable logger,
// with its pid (or registered name), its reason and the stack. Deliberate exits (exit(reason),
// exit signals) are not reported, as in Erlang. Supervisors (ts-otp/supervisor) report through
// the same logger: every child restart, start failure, shutdown failure and give-up.

import { describe, uncaughtReason } from "./errors.js";
import type { Pid } from "./pid.js";
import type { Process } from "./process.js";

export interface CrashReport {
  kind: "crash";
  pid: Pid;
  /** The registered name, if any. */
  name: string | undefined;
  /** The exit reason: the thrown Error, or ["nocatch", value] for any other thrown value. */
  reason: unknown;
  /** The stack of the thrown error, if it had one. */
  stack: string | undefined;
}

/**
 * Erlang's supervisor report: what a supervisor did about one of its children, and why.
 * `errorContext` is OTP's: "child_terminated" (the child died; it is restarted unless its restart
 * type says otherwise), "start_error" (its start function failed), "shutdown_error" (it died of
 * another reason than the one asked for while being shut down), "shutdown" (the supervisor gives
 * up: reason "reached_max_restart_intensity").
 */
export interface SupervisorReport {
  kind: "supervisor";
  /** The supervisor: its registered name, or its pid. */
  supervisor: string | Pid;
  errorContext: "child_terminated" | "start_error" | "shutdown_error" | "shutdown";
  reason: unknown;
  offender: {
    /** The child's pid (undefined when it has none, e.g. it failed to start). */
    pid: Pid | undefined;
    id: string;
    restart: "permanent" | "transient" | "temporary";
    shutdown: number | "brutal_kill" | "infinity";
    type: "worker" | "supervisor";
  };
}

export type Report = CrashReport | SupervisorReport;
export type Logger = (report: Report) => void;

/** The default logger: Erlang-style reports on stderr (console.error). */
export const defaultLogger: Logger = (r) => {
  if (r.kind === "supervisor") {
    const o = r.offender;
    console.error(
      `=SUPERVISOR REPORT====\n    supervisor: ${String(r.supervisor)}\n    errorContext: ${r.errorContext}\n` +
        `    reason: ${describe(r.reason)}\n    offender: [pid: ${o.pid === undefined ? "undefined" : String(o.pid)}, ` +
        `id: ${JSON.stringify(o.id)}, restart: ${o.restart}, shutdown: ${o.shutdown}, type: ${o.type}]\n`,
    );
    return;
  }
  const who = r.name === undefined ? String(r.pid) : `${r.pid} (${r.name})`;
  console.error(`=ERROR REPORT==== Error in process ${who} with exit value:\n${r.stack ?? describe(r.reason)}\n`);
};

let logger: Logger = defaultLogger;

/** Replaces the logger; returns the previous one (so a test can restore it). */
export function setLogger(next: Logger): Logger {
  const prev = logger;
  logger = next;
  return prev;
}

/** Hands a report to the logger; a broken logger must not take the caller (or the scheduler) down. */
export function logReport(report: Report): void {
  try {
    logger(report);
  } catch {
    // ignored, as above
  }
}

/** @internal */
export function logCrash(p: Process, error: unknown): void {
  const stack = error instanceof Error ? error.stack : undefined;
  logReport({ kind: "crash", pid: p.pid, name: p.extras?.name, reason: uncaughtReason(error), stack });
}
