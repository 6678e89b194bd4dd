// Creating processes: spawn, spawnLink (atomic, as Erlang's), spawnMonitor, and self().

import { describe, NotInProcess, SystemLimit } from "./errors.js";
import { config } from "./config.js";
import type { Pid, Ref } from "./pid.js";
import { newProcess, type Process, type Gen } from "./process.js";
import { addLive, enqueue, isGenerator, liveCount, sched } from "./scheduler.js";
import { linkProcs } from "./signals.js";
import { monitorProc } from "./monitors.js";
import type { Proc } from "./ops.js";

/** A process function: a generator function (or any function returning a generator). */
export type ProcFn<A extends unknown[]> = (...args: A) => Proc | Generator<unknown, unknown, unknown>;

function start(fn: Function, args: unknown[], api: string): Process {
  if (typeof fn !== "function")
    throw new TypeError(`${api}(fn, ...args): fn must be a generator function (function*), got ${describe(fn)}`);
  if (liveCount() >= config.maxProcesses)
    throw new SystemLimit(
      `${api}(${fn.name || "fn"}, ...): ${config.maxProcesses} processes are alive, the limit (system_limit). ` +
        `Raise it with configure({ maxProcesses }) if the program really needs more, or look for processes that never end`,
    );
  const gen = fn(...args);
  if (!isGenerator(gen))
    throw new TypeError(
      `${api}(${fn.name || "fn"}, ...): expected a generator function (function*) or a function returning a generator, ` +
        `but it returned ${describe(gen)}. Write the process as \`function* ${fn.name || "name"}(...) { ... }\``,
    );
  const p = newProcess(gen as Gen, fn);
  addLive(p);
  return p;
}

/** Starts a new process running `fn(...args)`; returns its pid at once (the process runs later). */
export function spawn<A extends unknown[]>(fn: ProcFn<A>, ...args: A): Pid {
  const p = start(fn, args, "spawn");
  enqueue(p);
  return p.pid;
}

/** Spawns and links the caller to the new process in one step, so no exit signal can be missed. */
export function spawnLink<A extends unknown[]>(fn: ProcFn<A>, ...args: A): Pid {
  const me = sched.current;
  if (me === null) throw new NotInProcess("spawnLink");
  const p = start(fn, args, "spawnLink");
  linkProcs(me, p);
  enqueue(p);
  return p.pid;
}

/** Spawns and monitors the new process in one step (Erlang's `spawn_monitor`). */
export function spawnMonitor<A extends unknown[]>(fn: ProcFn<A>, ...args: A): [Pid, Ref] {
  const me = sched.current;
  if (me === null) throw new NotInProcess("spawnMonitor");
  const p = start(fn, args, "spawnMonitor");
  const ref = monitorProc(me, p);
  enqueue(p);
  return [p.pid, ref];
}

/** The pid of the calling process. */
export function self(): Pid {
  const p = sched.current;
  if (p === null) throw new NotInProcess("self()");
  return p.pid;
}
