// The process record: one per live process, owned by the scheduler. Everything optional (mailbox,
// links, monitors, timer) is created on first use, so an idle process costs a few hundred bytes,
// and is dropped at death, so a dead process keeps nothing alive but its pid's id.

import type { Mailbox, Matcher } from "./mailbox.js";
import { newPid, type Pid } from "./pid.js";
import type { RefTable } from "./ref-table.js";
import type { Timer } from "./timers.js";

/**
 * Process states, as `processInfo` reports them. Hot paths in other modules write the values as
 * numeric literals with the name in a comment: a cross-module const enum read survives esbuild's per-file
 * transform (tsx, Vite) as a property load, which cost ping-pong 15% (bench/README.md).
 */
export const enum Status {
  Runnable = 0,
  Running = 1,
  /** Blocked in a receive (matcher set). */
  Waiting = 2,
  /** Blocked in sleep or wait. */
  Suspended = 3,
  Exiting = 4,
  Dead = 5,
}

/** How the scheduler resumes a process the next time it runs. */
export const enum Resume {
  /** Call `gen.next()` plainly: a fresh generator, or after a tail call. */
  Start = 0,
  /** Hand `value` to the operation the process is blocked in. */
  Value = 1,
  /** Throw `value` at the operation the process is blocked in (a rejected `wait`). */
  Throw = 2,
}


export type Gen = Generator<unknown, unknown, unknown>;

export class Process {
  readonly pid: Pid;
  gen: Gen | null;
  /** The function the process was spawned with, or the mutual group member it runs (for `currentFunction`). */
  fn: Function;
  status: Status = Status.Runnable;
  resume: Resume = Resume.Start;
  /** Blocked in a yield* operation (resumed through its iterator) rather than a plain-yield recv. */
  delegated = false;
  value: unknown = undefined;
  mailbox: Mailbox | null = null;
  matcher: Matcher | null = null;
  /** The clause index of the last message a receive took (-1 after a timeout). */
  clause = 0;
  timer: Timer | null = null;
  trap = false;
  /** Set when an exit was decided while the process was running: it stops at its next step. */
  doomed = false;
  /** The reason of that exit (meaningful when `doomed`). */
  exiting: unknown = undefined;
  reason: unknown = undefined;
  name: string | undefined = undefined;
  links: Set<Process> | null = null;
  /** Dead processes still in `links` (removed lazily: see signals.ts, forgetDeadPeer). */
  deadLinks = 0;
  /** Monitors this process holds: ref -> the process watched. */
  monitors: RefTable = null;
  /** Monitors on this process: ref -> the watcher. */
  monitoredBy: RefTable = null;
  joiners: ((reason: unknown) => void)[] | null = null;
  /** Bumped at every blocking `wait`, so a late settlement of an old promise is ignored. */
  waitSeq = 0;
  // The intrusive list of live processes (the process table).
  prev: Process | null = null;
  next: Process | null = null;

  constructor(gen: Gen, fn: Function) {
    this.gen = gen;
    this.fn = fn;
    this.pid = newPid(this);
  }

  toString(): string {
    return this.name === undefined ? String(this.pid) : `${this.pid} (${this.name})`;
  }
}
