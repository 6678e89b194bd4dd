// Monitors: one-way watches. The watcher gets ['DOWN', ref, 'process', pid, reason] once when the
// watched process dies ('noproc' at once if it is already dead); demonitor removes the watch.
// A monitor set up by registered name reports that name where the pid would be.

import { BadArg, describe, NotInProcess } from "./errors.js";
import { deliver } from "./messaging.js";
import { makeRef, Pid, pidTarget, type Ref } from "./pid.js";
import { extrasOf, type Process } from "./process.js";
import { sched } from "./scheduler.js";
import { whereisProc } from "./registry.js";
import { tableAdd, tableDelete, tableGet } from "./ref-table.js";

/**
 * Monitors a process from the calling process (Erlang's `monitor(process, Pid | Name)`); returns
 * the monitor's ref. Given a registered name, it watches the process registered under it now;
 * its DOWN message names the watched process by that name (where Erlang's names it `{Name, Node}`:
 * ts-otp has one node), and a name nobody holds gets ['DOWN', ref, 'process', name, 'noproc'] at once.
 */
export function monitor(target: Pid | string): Ref {
  const me = sched.current;
  if (me === null) throw new NotInProcess("monitor");
  if (typeof target === "string") {
    const p = whereisProc(target);
    if (p === undefined || p.status >= 4 /* Exiting */) return noproc(me, target);
    const ref = monitorProc(me, p);
    byName.set(ref, target);
    return ref;
  }
  const p = pidTarget(target); // one brand check: the process, null once dead, undefined if not a pid
  if (p === undefined) throw new BadArg(`monitor(${describe(target)}): the argument must be a pid or a registered name (badarg)`);
  if (p === null || p.status >= 4 /* Exiting */) return noproc(me, target);
  return monitorProc(me, p);
}

function noproc(me: Process, target: Pid | string): Ref {
  const ref = makeRef();
  deliver(me, ["DOWN", ref, "process", target, "noproc"]);
  return ref;
}

/** The names monitors were set up by (Erlang's `{Name, Node}` in their DOWN messages), by ref. */
const byName = new Map<Ref, string>();

/** @internal What the DOWN message of monitor `ref` names the dead process `p` by: the monitored name, or its pid. */
export function downName(ref: Ref, p: Process): Pid | string {
  if (byName.size === 0) return p.pid;
  const name = byName.get(ref);
  if (name === undefined) return p.pid;
  byName.delete(ref);
  return name;
}

/** @internal Forgets what monitor `ref` was set up by (it was removed, or its watcher died). */
export function forgetMonitor(ref: Ref): void {
  if (byName.size !== 0) byName.delete(ref);
}

/** @internal */
export function monitorProc(watcher: Process, target: Process): Ref {
  const ref = makeRef();
  const wx = extrasOf(watcher);
  wx.monitors = tableAdd(wx.monitors, ref, target);
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
  const mx = me.extras;
  const target = mx === null ? undefined : tableGet(mx.monitors, ref);
  if (target !== undefined) {
    forgetMonitor(ref);
    mx!.monitors = tableDelete(mx!.monitors, ref);
    target.monitoredBy = tableDelete(target.monitoredBy, ref);
  }
  if (opts?.flush === true && me.mailbox !== null) {
    me.mailbox.take((m) => Array.isArray(m) && m.length === 5 && m[0] === "DOWN" && m[1] === ref);
  }
  return true;
}
