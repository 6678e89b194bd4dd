// Delivering messages: the hot path. A message for a process blocked in a receive whose matcher
// takes it is handed over directly (the process becomes runnable with it, the mailbox untouched);
// otherwise it joins the mailbox, where the next receive finds it.

import { BadArg, describe } from "./errors.js";
import { Mailbox } from "./mailbox.js";
import { Pid, procOf } from "./pid.js";
import { Resume, Status, type Process } from "./process.js";
import { whereisProc } from "./registry.js";
import { enqueue } from "./scheduler.js";
import { cancelTimer } from "./timers.js";

/** Puts `msg` in `p`'s mailbox, or hands it to `p` if `p` is waiting for such a message. */
export function deliver(p: Process, msg: unknown): void {
  if (p.status === Status.Waiting) {
    let r: boolean | number;
    try {
      r = p.matcher!(msg);
    } catch {
      r = false; // a guard that throws fails, as in Erlang
    }
    if (r === true || (typeof r === "number" && r >= 0)) {
      p.matcher = null;
      p.clause = r === true ? 0 : r;
      if (p.timer !== null) {
        cancelTimer(p.timer);
        p.timer = null;
      }
      p.resume = Resume.Value;
      p.value = msg;
      enqueue(p);
      return;
    }
  } else if (p.status === Status.Dead) {
    return;
  }
  (p.mailbox ??= new Mailbox()).push(msg);
}

/**
 * Sends `msg` to a process (by pid or registered name) and returns `msg`, as Erlang's `!`. Never
 * blocks; a message to a dead pid is dropped silently. A name nobody has registered throws BadArg.
 */
export function send<M>(dest: Pid | string, msg: M): M {
  let p: Process | null | undefined;
  if (dest instanceof Pid) p = procOf(dest);
  else if (typeof dest === "string") {
    p = whereisProc(dest);
    if (p === undefined) throw new BadArg(`send(${JSON.stringify(dest)}, ...): no process is registered under that name (badarg). register() it first, or send to a pid`);
  } else throw new BadArg(`send(${describe(dest)}, ...): the destination must be a pid or a registered name (badarg)`);
  if (p !== null) deliver(p, msg);
  return msg;
}
