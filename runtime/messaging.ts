// Delivering messages: the hot path. A message for a process blocked in a receive whose matcher
// takes it is handed over directly (the process becomes runnable with it, the mailbox untouched);
// otherwise it joins the mailbox, where the next receive finds it.

import { BadArg, describe } from "./errors.js";
import { config } from "./config.js";
import { deepFreeze } from "./freeze.js";
import { Mailbox } from "./mailbox.js";
import { pidTarget, type Pid } from "./pid.js";
import type { Process } from "./process.js";
import { whereisProc } from "./registry.js";
import { enqueue } from "./scheduler.js";
import { cancelTimer } from "./timers.js";

/** Puts `msg` in `p`'s mailbox, or hands it to `p` if `p` is waiting for such a message. */
export function deliver(p: Process, msg: unknown): void {
  if (p.status === 2 /* Waiting */) {
    let r: boolean | number;
    try {
      r = p.matcher!(msg);
    } catch {
      r = false; // a guard that throws fails, as in Erlang
    }
    // isMatch(r), written out: the hot path of every send must not depend on V8 inlining it.
    if (r === true || (typeof r === "number" && r >= 0)) {
      handOver(p, msg, r === true ? 0 : r);
      return;
    }
  } else if (p.status === 5 /* Dead */) {
    return;
  }
  enqueueMessage(p, msg);
}

/** Out of line (the hot path is the hand-over above): puts `msg` at the end of `p`'s mailbox. */
function enqueueMessage(p: Process, msg: unknown): void {
  (p.mailbox ??= new Mailbox()).push(msg);
}

/** Completes `p`'s receive with `msg`, taken by clause `clause`. */
function handOver(p: Process, msg: unknown, clause: number): void {
  p.matcher = null;
  p.clause = clause;
  if (p.timer !== null) {
    cancelTimer(p.timer);
    p.timer = null;
  }
  p.resume = 1 /* Value */;
  p.value = msg;
  enqueue(p);
}

/**
 * Sends `msg` to a process (by pid or registered name) and returns `msg`, as Erlang's `!`. Never
 * blocks; a message to a dead pid is dropped silently. A name nobody has registered throws BadArg.
 * The message is shared, not copied: do not mutate it after sending (configure({ freezeMessages:
 * true }) makes such a mutation throw).
 */
export function send<M>(dest: Pid | string, msg: M): M {
  if (config.freezeMessages === true) deepFreeze(msg);
  const p = pidTarget(dest);
  if (p === undefined) return sendByName(dest as string, msg);
  if (p !== null) deliver(p, msg);
  return msg;
}

function sendByName<M>(dest: string, msg: M): M {
  if (typeof dest !== "string") throw new BadArg(`send(${describe(dest)}, ...): the destination must be a pid or a registered name (badarg)`);
  const p = whereisProc(dest);
  if (p === undefined) throw new BadArg(`send(${JSON.stringify(dest)}, ...): no process is registered under that name (badarg). register() it first, or send to a pid`);
  deliver(p, msg);
  return msg;
}
