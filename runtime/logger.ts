// Crash reports: a process that dies of a thrown error is reported once, through a pluggable
// logger, with its pid (or registered name), its reason and the stack. Deliberate exits
// (exit(reason), exit signals) are not reported, as in Erlang.

import { describe, uncaughtReason } from "./errors.js";
import type { Pid } from "./pid.js";
import type { Process } from "./process.js";

export interface CrashReport {
  pid: Pid;
  /** The registered name, if any. */
  name: string | undefined;
  /** The exit reason: the thrown Error, or ["nocatch", value] for any other thrown value. */
  reason: unknown;
  /** The stack of the thrown error, if it had one. */
  stack: string | undefined;
}

export type Logger = (report: CrashReport) => void;

/** The default logger: an Erlang-style error report on stderr (console.error). */
export const defaultLogger: Logger = (r) => {
  const who = r.name === undefined ? String(r.pid) : `${r.pid} (${r.name})`;
  console.error(`=ERROR REPORT==== Error in process ${who} with exit value:\n${r.stack ?? describe(r.reason)}\n`);
};

let logger: Logger = defaultLogger;

/** Replaces the crash logger; returns the previous one (so a test can restore it). */
export function setLogger(next: Logger): Logger {
  const prev = logger;
  logger = next;
  return prev;
}

/** @internal */
export function logCrash(p: Process, error: unknown): void {
  const stack = error instanceof Error ? error.stack : undefined;
  try {
    logger({ pid: p.pid, name: p.name, reason: uncaughtReason(error), stack });
  } catch {
    // A broken logger must not take the scheduler down with it.
  }
}
