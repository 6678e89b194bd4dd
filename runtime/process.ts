// The process record: one per live process, owned by the scheduler. What the scheduling, message
// and exit paths touch (and the monitors on the process) lives in the record itself; what few
// processes need (links, the monitors it holds, a name, joiners, trap_exit) sits in one side record
// created on first use, so an idle process costs little. Everything is dropped at death: a dead
// process keeps nothing alive but its pid's id.

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

/**
 * The part of a process record that most processes never use, created on first use (`extrasOf`).
 * A million idle processes thus carry one null field instead of six: less to allocate at spawn
 * and less for the young-generation GC to copy when they are promoted (bench/README.md, spawn row).
 */
export class Extras {
  trap = false;
  name: string | undefined = undefined;
  links: Set<Process> | null = null;
  /** Dead processes still in `links` (removed lazily: see signals.ts, forgetDeadPeer). */
  deadLinks = 0;
  /** Monitors this process holds: ref -> the process watched. */
  monitors: RefTable = null;
  joiners: ((reason: unknown) => void)[] | null = null;
  /**
   * The member of a mutual tail-call group (one generator for several process functions) the
   * process last entered: compiled code reports each entry (enterFunction), and currentFunction
   * names it while the process's own generator is that group's.
   */
  member: Function | null = null;
}

/** @internal The side record of `p`, created if it has none yet. */
export function extrasOf(p: Process): Extras {
  return p.extras ?? (p.extras = new Extras());
}

export interface Process {
  readonly pid: Pid;
  gen: Gen | null;
  /** The function the process was spawned with (`currentFunction`; a group member it runs is in `extras.member`). */
  fn: Function;
  status: Status;
  resume: Resume;
  /** Blocked in a yield* operation (resumed through its iterator) rather than a plain-yield recv. */
  delegated: boolean;
  value: unknown;
  mailbox: Mailbox | null;
  matcher: Matcher | null;
  /** The clause index of the last message a receive took (-1 after a timeout). */
  clause: number;
  timer: Timer | null;
  /** Set when an exit was decided while the process was running: it stops at its next step. */
  doomed: boolean;
  /** The reason of that exit (meaningful when `doomed`). */
  exiting: unknown;
  /** Bumped at every blocking `wait`, so a late settlement of an old promise is ignored. */
  waitSeq: number;
  /**
   * Monitors on this process: ref -> the watcher. Its own field, not in the side record: a process
   * spawned to be monitored (spawnMonitor, a worker watched by its caller) then needs no side record.
   */
  monitoredBy: RefTable;
  /** What few processes need (links, the monitors it holds, name...), or null while it needs none of it. */
  extras: Extras | null;
  // The intrusive list of live processes (the process table).
  prev: Process | null;
  next: Process | null;
  /** `<0.42.0>`, or `<0.42.0> (name)` for a registered process (error messages, stall reports). */
  toString(): string;
}

function processToString(this: Process): string {
  const name = this.extras?.name;
  return name === undefined ? String(this.pid) : `${this.pid} (${name})`;
}

/**
 * A new process record. An object literal rather than `new` of a class: V8 keeps an allocation
 * site for a literal and, once it sees that the records from it survive (a million waiting
 * processes), allocates them directly in the old generation, so scavenges no longer copy each
 * one twice; short-lived processes (the monitor row) stay in the young generation. Spawn row:
 * 1.47x -> 1.18x the floor (min of 7 alternated runs), at 24 B more per process than the class.
 * `toString` is an own field (a literal has no class prototype to carry it; a `__proto__` in the
 * literal made allocation slower).
 */
export function newProcess(gen: Gen, fn: Function): Process {
  const p: Process = {
    pid: null as unknown as Pid,
    gen,
    fn,
    status: 0 /* Runnable */,
    resume: 0 /* Start */,
    delegated: false,
    value: undefined,
    mailbox: null,
    matcher: null,
    clause: 0,
    timer: null,
    doomed: false,
    exiting: undefined,
    waitSeq: 0,
    monitoredBy: null,
    extras: null,
    prev: null,
    next: null,
    toString: processToString,
  };
  (p as { pid: Pid }).pid = newPid(p);
  return p;
}
