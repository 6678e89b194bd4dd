// The process record: one per live process, owned by the scheduler. Only what the message and
// scheduling paths touch lives in the record itself; what few processes need (links, monitors, a
// name, joiners, trap_exit, a pending exit, wait bookkeeping) sits in one side record created on
// first use, so an idle process costs little. Everything is dropped at death: a dead process keeps
// nothing alive but its pid's id.

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
 * A million idle processes thus carry one null field instead of ten: less to allocate at spawn and
 * less for the young-generation GC to copy when they are promoted (bench/README.md, spawn row).
 */
export class Extras {
  trap = false;
  /** The reason of an exit decided while the process was running (meaningful when `doomed`). */
  exiting: unknown = undefined;
  name: string | undefined = undefined;
  links: Set<Process> | null = null;
  /** Dead processes still in `links` (removed lazily: see signals.ts, forgetDeadPeer). */
  deadLinks = 0;
  /** Monitors this process holds: ref -> the process watched. */
  monitors: RefTable = null;
  joiners: ((reason: unknown) => void)[] | null = null;
  /** Bumped at every blocking `wait`, so a late settlement of an old promise is ignored. */
  waitSeq = 0;
}

/** @internal The side record of `p`, created if it has none yet. */
export function extrasOf(p: Process): Extras {
  return p.extras ?? (p.extras = new Extras());
}

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
  /** Set when an exit was decided while the process was running: it stops at its next step. */
  doomed = false;
  /**
   * Monitors on this process: ref -> the watcher. Its own field, not in the side record: a process
   * spawned to be monitored (spawnMonitor, a worker watched by its caller) then needs no side record.
   */
  monitoredBy: RefTable = null;
  /** What few processes need (links, the monitors it holds, name...), or null while it needs none of it. */
  extras: Extras | null = null;
  // The intrusive list of live processes (the process table).
  prev: Process | null = null;
  next: Process | null = null;

  constructor(gen: Gen, fn: Function) {
    this.gen = gen;
    this.fn = fn;
    this.pid = newPid(this);
  }

  // The side record's fields, read and written as if they were the process's own (for the modules
  // that touch them off the hot paths: introspection, the logger, wait, an exit decided mid-run).
  // A read never creates the side record; a write does.
  get trap(): boolean {
    return this.extras !== null && this.extras.trap;
  }
  set trap(v: boolean) {
    extrasOf(this).trap = v;
  }
  get exiting(): unknown {
    return this.extras?.exiting;
  }
  set exiting(v: unknown) {
    extrasOf(this).exiting = v;
  }
  get name(): string | undefined {
    return this.extras?.name;
  }
  set name(v: string | undefined) {
    extrasOf(this).name = v;
  }
  get links(): Set<Process> | null {
    return this.extras === null ? null : this.extras.links;
  }
  set links(v: Set<Process> | null) {
    extrasOf(this).links = v;
  }
  get monitors(): RefTable {
    return this.extras === null ? null : this.extras.monitors;
  }
  set monitors(v: RefTable) {
    extrasOf(this).monitors = v;
  }
  get joiners(): ((reason: unknown) => void)[] | null {
    return this.extras === null ? null : this.extras.joiners;
  }
  set joiners(v: ((reason: unknown) => void)[] | null) {
    extrasOf(this).joiners = v;
  }
  get waitSeq(): number {
    return this.extras === null ? 0 : this.extras.waitSeq;
  }
  set waitSeq(v: number) {
    extrasOf(this).waitSeq = v;
  }

  toString(): string {
    const name = this.name;
    return name === undefined ? String(this.pid) : `${this.pid} (${name})`;
  }
}
