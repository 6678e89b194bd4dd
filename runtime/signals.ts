// Exit signals and process termination, by Erlang's rules (OTP reference manual, "Processes",
// sections on links and exit signals):
//  - a process that dies sends its exit reason along every link; a linked process that traps exits
//    gets ['EXIT', from, reason] in its mailbox, one that does not dies with the same reason unless
//    the reason is "normal";
//  - exit(pid, reason) sends a signal without a link: "kill" cannot be trapped and kills with
//    "killed"; "normal" is ignored by a non-trapping process other than the sender itself.
// Termination is iterative (a worklist), so a 100,000-process link chain dies without deep recursion.

import { BadArg, describe, NoProc, ProcessExit } from "./errors.js";
import { deliver } from "./messaging.js";
import { detach, HOST, Pid, procOf, isPid, type Ref } from "./pid.js";
import { extrasOf, Status, type Process } from "./process.js";
import { releaseName } from "./registry.js";
import { hooks, removeLive, sched } from "./scheduler.js";
import { cancelTimer } from "./timers.js";
import { tableDelete } from "./ref-table.js";
import { logCrash } from "./logger.js";
import { downName, forgetMonitor } from "./monitors.js";

// The worklist of processes whose exit is being processed, as pairs [process, reason, ...]; slots
// are cleared, not the array truncated, so a steady stream of exits never reallocates it.
const dying: unknown[] = [];
let dyingCount = 0;
let draining = false;

/** Ends process `p` with `reason` and sends its exit signals (links, monitors, joiners). */
export function terminate(p: Process, reason: unknown): void {
  if (p.status >= 4 /* Exiting */) return;
  p.status = 4 /* Exiting */;
  if (draining) {
    dying[dyingCount++] = p;
    dying[dyingCount++] = reason;
    return;
  }
  draining = true;
  try {
    finalize(p, reason); // the first exit goes straight through; those it causes queue behind it
    for (let i = 0; i < dyingCount; i += 2) finalize(dying[i] as Process, dying[i + 1]);
  } finally {
    for (let j = 0; j < dyingCount; j++) dying[j] = undefined;
    dyingCount = 0;
    draining = false;
  }
}

function finalize(p: Process, reason: unknown): void {
  p.status = 5 /* Dead */;
  if (p.timer !== null) {
    cancelTimer(p.timer);
    p.timer = null;
  }
  p.gen = null;
  p.mailbox = null;
  p.matcher = null;
  p.value = undefined;
  removeLive(p);
  detach(p.pid);
  // A process that never linked, monitored, was monitored, named or joined is done here.
  const x = p.extras;
  if (x !== null) {
    p.extras = null;
    if (x.name !== undefined) releaseName(x.name);
    const links = x.links;
    if (links !== null) {
      for (const peer of links) {
        if (peer.status >= 4 /* Exiting */) continue; // a dead peer left lazily in our set
        forgetDeadPeer(peer);
        linkSignal(p, peer, reason);
      }
    }
    const held = x.monitors;
    if (held !== null) {
      if (held instanceof Map) held.forEach((target, ref) => unwatch(ref, target));
      else for (let i = 0; i < held.length; i += 2) unwatch(held[i] as Ref, held[i + 1] as Process);
    }
  }
  const watchers = p.monitoredBy;
  if (watchers !== null) {
    p.monitoredBy = null;
    if (watchers instanceof Map) watchers.forEach((w, ref) => down(p, ref, w, reason));
    else for (let i = 0; i < watchers.length; i += 2) down(p, watchers[i] as Ref, watchers[i + 1] as Process, reason);
  }
  if (x !== null && x.joiners !== null) for (const resolve of x.joiners) resolve(reason);
}

/** Removes monitor `ref`, held by a process that died, from the process it watched. */
function unwatch(ref: Ref, target: Process): void {
  forgetMonitor(ref);
  target.monitoredBy = tableDelete(target.monitoredBy, ref);
}

/** Sends watcher `w` the DOWN message of monitor `ref` on `p`, which died with `reason`. */
function down(p: Process, ref: Ref, w: Process, reason: unknown): void {
  const wx = w.extras;
  if (wx === null) return; // the watcher died in the same drain (its own exit removed the monitor first)
  wx.monitors = tableDelete(wx.monitors, ref);
  deliver(w, ["DOWN", ref, "process", downName(ref, p), reason]);
}

/**
 * A live peer keeps a link to a process that just died in its set, counted, rather than deleting
 * it at once: deleting from a large set one entry at a time rehashes it over and over (a parent
 * with 100,000 linked children spent 40% of their exits there). The set is rebuilt without the
 * dead once they are half of it; readers skip dead entries meanwhile.
 */
function forgetDeadPeer(peer: Process): void {
  const px = peer.extras!;
  const links = px.links!;
  if (++px.deadLinks * 2 > links.size && px.deadLinks > 8) {
    const live = new Set<Process>();
    for (const q of links) if (q.status < 4 /* Exiting */) live.add(q);
    px.links = live.size === 0 ? null : live;
    px.deadLinks = 0;
  }
}

/** The live processes linked to `p`. */
export function liveLinks(p: Process): Process[] {
  const out: Process[] = [];
  const links = p.extras?.links;
  if (links != null) for (const q of links) if (q.status < 4 /* Exiting */) out.push(q);
  return out;
}

/** The exit signal a dying process sends along a link. */
function linkSignal(from: Process, to: Process, reason: unknown): void {
  if (to.status >= 4 /* Exiting */) return;
  if (to.extras !== null && to.extras.trap) deliver(to, ["EXIT", from.pid, reason]);
  else if (reason !== "normal") kill(to, reason);
}

/** Ends `p` with `reason`; the running process cannot be unwound from here, so it is marked to stop at its next step. */
function kill(p: Process, reason: unknown): void {
  if (p === sched.current) {
    if (!p.doomed) {
      p.doomed = true;
      p.exiting = reason;
    }
  } else terminate(p, reason);
}

/**
 * `exit(reason)`: ends the calling process with `reason` (Erlang's `exit/1`): it raises a
 * ProcessExit, which may be caught like Erlang's exit exception; uncaught, the process exits.
 *
 * `exit(pid, reason)`: sends an exit signal to `pid` (Erlang's `exit/2`). "kill" cannot be trapped:
 * the target dies with "killed". A trapping target gets ['EXIT', sender, reason]. "normal" is
 * ignored unless the target is the caller itself. A dead target: nothing happens.
 */
export function exit(reason: unknown): never;
export function exit(pid: Pid, reason: unknown): true;
export function exit(a: unknown, b?: unknown): true {
  if (arguments.length < 2) throw new ProcessExit(a);
  if (!isPid(a)) throw new BadArg(`exit(${describe(a)}, ...): the first argument must be a pid (badarg)`);
  const target = procOf(a);
  const cur = sched.current;
  if (target !== null && target.status < 4 /* Exiting */) {
    const reason = b;
    if (reason === "kill") kill(target, "killed");
    else if (target.extras !== null && target.extras.trap) deliver(target, ["EXIT", cur === null ? HOST : cur.pid, reason]);
    else if (reason !== "normal" || target === cur) kill(target, reason);
  }
  // A signal to the caller itself takes effect at once, as in Erlang: it unwinds with the public
  // ProcessExit (which exit(reason) raises too), and ends at its next step even if that is caught.
  // Killed through a link by its own call (exit(peer, r) with peer linked back), the caller runs
  // on until its next operation, as Erlang's caller runs on until it handles the signal.
  if (cur !== null && target === cur && cur.doomed) throw new ProcessExit(cur.exiting);
  return true;
}

/** Turns exit trapping on or off for the calling process (`process_flag(trap_exit, Flag)`); returns the old value. */
export function trapExit(flag: boolean): boolean {
  const p = sched.current;
  if (p === null) throw new BadArg("trapExit(flag) can only be called inside a process: call it at the top of the process function");
  const old = p.extras !== null && p.extras.trap;
  if (flag === true || p.extras !== null) extrasOf(p).trap = flag === true;
  return old;
}

/**
 * Links the calling process to `pid` (Erlang's `link/1`). If `pid` is not alive: a trapping caller
 * gets ['EXIT', pid, 'noproc'] in its mailbox; a non-trapping caller gets a NoProc error thrown.
 */
export function link(pid: Pid): true {
  const me = current("link");
  if (!isPid(pid)) throw new BadArg(`link(${describe(pid)}): the argument must be a pid (badarg)`);
  const other = procOf(pid);
  if (other === me) return true;
  if (other === null || other.status >= 4 /* Exiting */) {
    if (me.extras !== null && me.extras.trap) {
      deliver(me, ["EXIT", pid, "noproc"]);
      return true;
    }
    throw new NoProc(pid, "link");
  }
  linkProcs(me, other);
  return true;
}

/** @internal */
export function linkProcs(a: Process, b: Process): void {
  (extrasOf(a).links ??= new Set()).add(b);
  (extrasOf(b).links ??= new Set()).add(a);
}

/** Removes the link between the caller and `pid`, if any (Erlang's `unlink/1`). */
export function unlink(pid: Pid): true {
  const me = current("unlink");
  if (!isPid(pid)) throw new BadArg(`unlink(${describe(pid)}): the argument must be a pid (badarg)`);
  const other = procOf(pid);
  if (other !== null) {
    me.extras?.links?.delete(other);
    other.extras?.links?.delete(me);
  }
  return true;
}

function current(api: string): Process {
  const p = sched.current;
  if (p === null) throw new BadArg(`${api}() can only be called inside a process: links join two processes, and plain code is not one`);
  return p;
}

hooks.terminate = terminate;
hooks.crash = logCrash;
