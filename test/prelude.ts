// The common prelude of the runtime tests: fixture processes written as one would write them in
// Erlang to trace a scenario on the BEAM — generic "actors" that record every message they get and
// run commands sent to them — plus a legend that prints pids by name, so the assertions read like
// the BEAM's traces of the same scenarios.

import {
  Pid, Ref, spawn, send, self, monitor, demonitor, receiveWith, sleep, trapExit, join, setLogger,
  type CrashReport, type Proc, type Call,
} from "../runtime/index.js";

const CMD = Symbol("test/cmd");
type Cmd = { [CMD]: true; from: Pid; body: () => unknown; catching: boolean };

export class Scenario {
  readonly log: string[] = [];
  private names = new Map<Pid | Ref, string>();
  private watched = new Map<Ref, string>();

  /** Spawns an actor named `name` (trapping exits if asked) and monitors it from the calling process. */
  actor(name: string, opts: { trap?: boolean } = {}): Pid {
    const pid = spawn(actorLoop, this, name, opts.trap === true);
    this.names.set(pid, name);
    this.watched.set(monitor(pid), name);
    return pid;
  }

  /** Names a pid for printing. */
  name(pid: Pid, name: string): void {
    this.names.set(pid, name);
  }

  /**
   * Runs `body` inside actor `pid` and returns what it returned. Like code in an Erlang process,
   * an exception ends the actor (the call then returns ["died", reason]); with `catching`, it is
   * caught and returned as ["threw", error] instead (Erlang's `catch Expr`).
   */
  *in<T>(pid: Pid, body: () => T, catching = false): Call<T | ["threw" | "died", unknown]> {
    const ref = monitor(pid);
    send(pid, { [CMD]: true, from: self(), body, catching } satisfies Cmd);
    const m: any = yield* receiveWith(
      (m: any) => Array.isArray(m) && ((m[0] === "reply" && m[1] === pid) || (m[0] === "DOWN" && m[1] === ref)),
    );
    demonitor(ref, { flush: true });
    return m[0] === "DOWN" ? ["died", m[4]] : m[2];
  }

  /** Lets signals settle, then logs the DOWN messages of watched actors, in arrival order. */
  *settle(ms = 20): Call {
    yield* sleep(ms);
    for (;;) {
      const m: any = yield* receiveWith((m: any) => Array.isArray(m) && m[0] === "DOWN", 0);
      if (typeof m === "symbol") return;
      this.log.push(`DOWN ${this.watched.get(m[1]) ?? "?"} reason=${this.fmt(m[4])}`);
    }
  }

  fmt(v: unknown): string {
    if (v instanceof Pid || v instanceof Ref) return this.names.get(v) ?? String(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.fmt(x)).join(",")}]`;
    if (v instanceof Error) return `${v.name}(${v.message})`;
    return typeof v === "string" ? v : String(v);
  }
}

function* actorLoop(sc: Scenario, name: string, trap: boolean): Proc {
  if (trap) trapExit(true);
  for (;;) {
    const m: any = yield* receiveWith(() => true);
    if (m !== null && typeof m === "object" && CMD in m) {
      const cmd = m as Cmd;
      let r: unknown;
      if (cmd.catching) {
        try {
          r = cmd.body();
        } catch (e) {
          r = ["threw", e];
        }
      } else r = cmd.body();
      send(cmd.from, ["reply", self(), r]);
    } else sc.log.push(`${name} got ${sc.fmt(m)}`);
  }
}

/** Runs `body` as a process and resolves with its exit reason (rejects if it did not exit normally). */
export async function inProcess(body: () => Proc): Promise<void> {
  const reason = await join(spawn(body));
  if (reason !== "normal") throw reason instanceof Error ? reason : new Error(`process exited with ${String(reason)}`);
}

/** Collects crash reports while `body` runs (the default logger would print them). */
export async function withCrashLog<T>(body: (reports: CrashReport[]) => Promise<T>): Promise<T> {
  const reports: CrashReport[] = [];
  const prev = setLogger((r) => {
    if (r.kind === "crash") reports.push(r);
  });
  try {
    return await body(reports);
  } finally {
    setLogger(prev);
  }
}

/** A process that waits forever for a message nobody sends. */
export function* idle(): Proc {
  yield* receiveWith(() => false);
}
