// Telling a program that can never progress: every live process blocked (in a receive no message
// will satisfy, sleep(Infinity), or a wait on a promise that never settles) with no timer and no
// runnable process left. The runtime cannot see the host's event loop, so it only answers "who is
// blocked, and in what"; a host hook (the CLI's, on Node's beforeExit) asks once the loop is empty.

import type { Process } from "./process.js";
import { currentFunction } from "./introspection.js";
import { liveProcesses, runQueueLength } from "./scheduler.js";
import { timerCount } from "./timers.js";

/** What WaitOp leaves in `Process.value` while the process waits on a promise (settling overwrites it). */
export const IN_WAIT: unique symbol = Symbol("ts-otp/in-wait");

function waitsIn(p: Process): string {
  switch (p.status) {
    case 2 /* Waiting */: {
      const n = p.mailbox?.length ?? 0;
      return `receive, ${n} message${n === 1 ? "" : "s"} in its mailbox${n > 0 ? " (none matches)" : ""}` +
        (p.timer === null ? "" : ", with a timeout");
    }
    case 3 /* Suspended */:
      if (p.value === IN_WAIT) return "wait(promise), a promise that never settled";
      return p.timer === null ? "sleep(Infinity)" : "sleep(ms)";
    default:
      return "running"; // not reached when the report is made: nothing runnable is left
  }
}

/**
 * The report of a program that cannot progress, or null if it can (no live process, or a timer or
 * a runnable process is pending). Meant for a host hook that runs once the event loop is empty.
 */
export function stallReport(): string | null {
  if (runQueueLength() > 0 || timerCount() > 0) return null;
  const blocked = liveProcesses();
  if (blocked.length === 0) return null;
  const lines = blocked.reverse().map((p) => `  ${p} in ${waitsIn(p)}; function ${currentFunction(p)}`);
  const n = blocked.length;
  return (
    `ts-otp: the program cannot progress: ${n} process${n === 1 ? " is" : "es are"} blocked, and no timer, ` +
    `runnable process or pending I/O is left to wake ${n === 1 ? "it" : "them"}:\n${lines.join("\n")}\n` +
    `A deadlock, or a process left waiting once the work was done: end such a process when it is no ` +
    `longer needed (a stop message, or exit(pid, "kill")).`
  );
}

// Hosts find every runtime instance loaded in the program (a bundle and a source copy may coexist).
const KEY = Symbol.for("ts-otp/runtimes");
const g = globalThis as unknown as Record<symbol, { stallReport: () => string | null }[] | undefined>;
(g[KEY] ??= []).push({ stallReport });
