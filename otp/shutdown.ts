// How a supervisor stops a child (OTP's shutdown protocol): monitor it, send exit(child, "shutdown")
// (or "kill" for brutal_kill), wait for its DOWN; after the shutdown time, kill it. A monitor,
// not the link's EXIT, is waited for, so a child that unlinked itself cannot hang the supervisor;
// then the link is removed and its EXIT, if it came, taken out of the mailbox.

import { receive, after, monitor, unlink, exit, TIMEOUT, Ref, type Call, type Pid } from "../runtime/index.js";
import type { Shutdown } from "./child-spec.js";

/** Stops `pid` as `how` says and returns the reason it died with. */
export function* shutdown(pid: Pid, how: Shutdown): Call<unknown> {
  const mref = monitor(pid);
  if (how === "brutal_kill") {
    exit(pid, "kill");
    return yield* downReason(pid, mref, Infinity);
  }
  exit(pid, "shutdown");
  const reason = yield* downReason(pid, mref, how === "infinity" ? Infinity : how);
  if (reason !== TIMEOUT) return reason;
  exit(pid, "kill");
  return yield* downReason(pid, mref, Infinity);
}

function* downReason(pid: Pid, mref: Ref, ms: number): Call<unknown> {
  switch (receive<unknown>()) {
    case ["DOWN", mref, "process", _, Reason]:
      return yield* unlinkFlush(pid, Reason);
    case after(ms):
      return TIMEOUT;
  }
}

/** Unlinks a dead child and takes its EXIT out of the mailbox: the EXIT's reason if it was there. */
function* unlinkFlush(pid: Pid, reason: unknown): Call<unknown> {
  unlink(pid);
  switch (receive<unknown>()) {
    case ["EXIT", pid, Reason]:
      return Reason;
    case after(0):
      return reason;
  }
}

/**
 * Stops many children at once (a simple_one_for_one supervisor's children: their order is not
 * defined): all are sent the signal, then waited for together, under one shutdown timer after
 * which the rest are killed. Returns each child's exit reason.
 */
export function* shutdownAll(pids: Pid[], how: Shutdown): Call<Map<Pid, unknown>> {
  const waiting = new Map<Ref, Pid>();
  for (const pid of pids) {
    waiting.set(monitor(pid), pid);
    exit(pid, how === "brutal_kill" ? "kill" : "shutdown");
  }
  const reasons = new Map<Pid, unknown>();
  let deadline = typeof how === "number" ? performance.now() + how : Infinity;
  while (waiting.size > 0) {
    switch (receive<unknown>()) {
      case ["DOWN", M as Ref, "process", P, Reason] && waiting.has(M): {
        waiting.delete(M);
        reasons.set(P as Pid, yield* unlinkFlush(P as Pid, Reason));
        break;
      }
      case after(Math.max(0, deadline - performance.now())):
        for (const pid of waiting.values()) exit(pid, "kill");
        deadline = Infinity;
        break;
    }
  }
  return reasons;
}
