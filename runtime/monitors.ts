// Monitors: one-way watches. The watcher gets ['DOWN', ref, 'process', pid, reason] once when the
// watched process dies ('noproc' at once if it is already dead); demonitor removes the watch.

import { BadArg, describe, NotInProcess } from "./errors.js";
import { deliver } from "./messaging.js";
import { makeRef, Pid, procOf, type Ref, isPid } from "./pid.js";
import { Status, type Process } from "./process.js";
import { sched } from "./scheduler.js";
import { tableAdd, tableDelete, tableGet } from "./ref-table.js";

/** Monitors `pid` from the calling process (Erlang's `monitor(process, Pid)`); returns the monitor's ref. */
export function monitor(pid: Pid): Ref {
  const me = sched.current;
  if (me === null) throw new NotInProcess("monitor");
  if (!isPid(pid)) throw new BadArg(`monitor(${describe(pid)}): the argument must be a pid (badarg)`);
  const target = procOf(pid);
  if (target === null || target.status >= 4 /* Exiting */) {
    const ref = makeRef();
    deliver(me, ["DOWN", ref, "process", pid, "noproc"]);
    return ref;
  }
  return monitorProc(me, target);
}

/** @internal */
export function monitorProc(watcher: Process, target: Process): Ref {
  const ref = makeRef();
  watcher.monitors = tableAdd(watcher.monitors, ref, target);
  target.monitoredBy = tableAdd(target.monitoredBy, ref, watcher);
  return ref;
}

/**
 * Removes a monitor (Erlang's `demonitor/1,2`). With `{ flush: true }` a 'DOWN' message for it that
 * already arrived is removed from the mailbox too. Returns true.
 */
export function demonitor(ref: Ref, opts?: { flush?: boolean }): true {
  const me = sched.current;
  if (me === null) throw new NotInProcess("demonitor");
  const target = tableGet(me.monitors, ref);
  if (target !== undefined) {
    me.monitors = tableDelete(me.monitors, ref);
    target.monitoredBy = tableDelete(target.monitoredBy, ref);
  }
  if (opts?.flush === true && me.mailbox !== null) {
    me.mailbox.take((m) => Array.isArray(m) && m.length === 5 && m[0] === "DOWN" && m[1] === ref);
  }
  return true;
}
