// Introspection, as Erlang has it: processes(), processInfo(pid), isAlive(pid), systemInfo().
// The base of an observer: everything is read from live state, nothing is kept for it.

import { Pid, procOf } from "./pid.js";
import { extrasOf, Status, type Process } from "./process.js";
import { registered } from "./registry.js";
import { liveCount, liveProcesses, runQueueLength, sched } from "./scheduler.js";
import { timerCount } from "./timers.js";
import { liveLinks } from "./signals.js";
import { tableForEach, tableSize, type RefTable } from "./ref-table.js";

export interface ProcessInfo {
  pid: Pid;
  status: "running" | "runnable" | "waiting" | "suspended" | "exiting";
  messageQueueLen: number;
  messages: unknown[];
  links: Pid[];
  /** Processes this one monitors. */
  monitors: Pid[];
  /** Processes monitoring this one. */
  monitoredBy: Pid[];
  trapExit: boolean;
  registeredName: string | undefined;
  /** The name of the process function it is running (the spawned one, or the tail-called one when known). */
  currentFunction: string;
}

const STATUS: ProcessInfo["status"][] = ["runnable", "running", "waiting", "suspended", "exiting", "exiting"];

/** The pids of all live processes (Erlang's `processes/0`). */
export function processes(): Pid[] {
  return liveProcesses().map((p) => p.pid);
}

/** Whether `pid` names a live process (Erlang's `is_process_alive/1`). */
export function isAlive(pid: Pid): boolean {
  const p = procOf(pid);
  return p !== null && p.status < 4 /* Exiting */;
}

/** A snapshot of a live process, or undefined if it is dead (Erlang's `process_info/1`). */
export function processInfo(pid: Pid): ProcessInfo | undefined {
  const p = procOf(pid);
  if (p === null || p.status >= 4 /* Exiting */) return undefined;
  return {
    pid,
    status: STATUS[p.status]!,
    messageQueueLen: p.mailbox?.length ?? 0,
    messages: p.mailbox?.toArray() ?? [],
    links: liveLinks(p).map((q) => q.pid),
    monitors: pidsOf(p.extras?.monitors ?? null),
    monitoredBy: pidsOf(p.monitoredBy),
    trapExit: p.extras?.trap ?? false,
    registeredName: p.extras?.name,
    currentFunction: currentFunction(p),
  };
}

function pidsOf(t: RefTable): Pid[] {
  const out: Pid[] = [];
  tableForEach(t, (_ref, q) => out.push(q.pid));
  return out;
}

/** @internal The name of the function `p` runs (the spawned one, or "(tail-called function)"). */
export function currentFunction(p: Process): string {
  const gen = p.gen;
  if (gen !== null) {
    const proto: unknown = Object.getPrototypeOf(gen);
    // A group member (its `prototype` is the group's), only while the process runs the group
    // itself: after running one as a yield* subroutine the process is in its own function again.
    const member = p.extras?.member as (Function & { prototype?: object }) | null | undefined;
    if (member != null && member.prototype === proto) return member.name || "(anonymous)";
    const fn = p.fn as Function & { prototype?: object };
    if (fn.prototype !== undefined && fn.prototype === proto) return fn.name || "(anonymous)";
  }
  return "(tail-called function)";
}

export interface SystemInfo {
  processCount: number;
  registeredCount: number;
  timerCount: number;
  runQueueLength: number;
  /** Links held by live processes (each link counted at both ends). */
  linkCount: number;
  /** Monitors held by or on live processes. */
  monitorCount: number;
}

/** Counters of the whole runtime (Erlang's `system_info/1`), e.g. to check nothing leaked. */
export function systemInfo(): SystemInfo {
  let linkCount = 0;
  let monitorCount = 0;
  for (const p of liveProcesses()) {
    linkCount += liveLinks(p).length;
    monitorCount += tableSize(p.extras?.monitors ?? null) + tableSize(p.monitoredBy);
  }
  return {
    processCount: liveCount(),
    registeredCount: registered().length,
    timerCount: timerCount(),
    runQueueLength: runQueueLength(),
    linkCount,
    monitorCount,
  };
}

/**
 * Called by compiled code (transformer/tail-calls.ts) each time a mutual tail-call group, one
 * generator for several process functions, enters one of them, `fn` (whose `prototype` is the
 * group's): processInfo then names it, while the process runs the group itself (currentFunction
 * checks that when asked, not here: testing the generator's prototype at every entry cost the
 * seed's allocator ~650 instructions per alloc/release cycle, 7% of it, callgrind). The member
 * lives in the side record, so only processes that run a group have one.
 */
export function enterFunction(fn: Function): void {
  const p = sched.current;
  if (p !== null) (p.extras ?? extrasOf(p)).member = fn;
}
