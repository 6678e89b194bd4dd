// ts-otp/supervisor: Erlang's supervisor, a server (ts-otp/server) that traps exits, starts its
// children in order, restarts them by its strategy and their restart types, gives up after too many
// restarts in a period (children stopped in reverse start order, exit "shutdown"), and reports every
// restart and give-up through the logger. OTP's supervisor.erl is the reference for each rule.

import { match, self, trapExit, isAlive, logReport, describe, Pid, type Call, type SupervisorReport } from "../runtime/index.js";
import * as server from "./server.js";
import { checkFlags, checkSpec, checkSpecs, type ChildSpec, type ChildType, type FullFlags, type FullSpec, type SupFlags } from "./child-spec.js";
import { RestartWindow } from "./intensity.js";
import { shutdown, shutdownAll } from "./shutdown.js";
import { settle } from "./run-callback.js";

export type { Strategy, Restart, Shutdown, ChildType, SupFlags, ChildSpec } from "./child-spec.js";

/** A supervisor API call failed: `reason` is OTP's ("not_found", "running", "restarting", "already_present", ["already_started", pid], "simple_one_for_one", or why the child failed to start). */
export class SupervisorError extends Error {
  override name = "SupervisorError";
  constructor(
    readonly reason: unknown,
    readonly supervisor: Pid | string,
    readonly request: string,
  ) {
    super(`supervisor ${String(supervisor)}: ${request} failed (${describe(reason)})`);
  }
}

export interface ChildInfo {
  /** The child spec's id (undefined for the children of a simple_one_for_one supervisor, as in OTP). */
  id: string | undefined;
  /** undefined when the child is not running (terminated, or failed to restart and waiting for another try). */
  pid: Pid | undefined;
  type: ChildType;
}

export interface ChildCounts {
  /** Child specs, running or not (1 for simple_one_for_one). */
  specs: number;
  /** Children running. */
  active: number;
  supervisors: number;
  workers: number;
}

// ---------------------------------------------------------------------------------- the API

/**
 * Starts a supervisor linked to the caller; returns its pid once every child has been started, in
 * order. If a child fails to start, the ones started are stopped (reverse order) and this throws a
 * server StartError with reason ["shutdown", ["failed_to_start_child", id, reason]].
 */
export function* startLink(flags: SupFlags, children: ChildSpec[]): Call<Pid> {
  const f = checkFlags(flags, "supervisor.startLink");
  const specs = checkSpecs(f, children, "supervisor.startLink");
  return yield* server.startLink(behaviour, [f, specs], { name: f.name });
}

/** The same from plain async code: resolves with the supervisor's pid; not linked to anything. */
export function start(flags: SupFlags, children: ChildSpec[]): Promise<Pid> {
  const f = checkFlags(flags, "supervisor.start");
  const specs = checkSpecs(f, children, "supervisor.start");
  return server.start(behaviour, [f, specs], { name: f.name });
}

/**
 * Adds a child and starts it; returns its pid. With simple_one_for_one, the argument is the extra
 * arguments appended to the template's start call: `startChild(sup, [a, b])` runs `start(a, b)`.
 */
export function* startChild(sup: Pid | string, specOrExtra: ChildSpec | unknown[]): Call<Pid> {
  const arg = Array.isArray(specOrExtra) ? specOrExtra : checkSpec(specOrExtra, "supervisor.startChild");
  return (yield* request(sup, ["start_child", arg], "startChild")) as Pid;
}

/** Stops a child (by id; by pid for simple_one_for_one); its spec stays unless it is temporary. */
export function* terminateChild(sup: Pid | string, idOrPid: string | Pid): Call<void> {
  yield* request(sup, ["terminate_child", idOrPid], "terminateChild");
}

/** Starts again a child whose spec is kept but which is not running; returns its pid. */
export function* restartChild(sup: Pid | string, id: string): Call<Pid> {
  return (yield* request(sup, ["restart_child", id], "restartChild")) as Pid;
}

/** Removes the spec of a child that is not running. */
export function* deleteChild(sup: Pid | string, id: string): Call<void> {
  yield* request(sup, ["delete_child", id], "deleteChild");
}

/** Every child: id, pid (undefined if not running), type. In OTP's order: the last started first. */
export function* whichChildren(sup: Pid | string): Call<ChildInfo[]> {
  return (yield* request(sup, "which_children", "whichChildren")) as ChildInfo[];
}

export function* countChildren(sup: Pid | string): Call<ChildCounts> {
  return (yield* request(sup, "count_children", "countChildren")) as ChildCounts;
}

function* request(sup: Pid | string, req: unknown, api: string): Call<unknown> {
  const r = (yield* server.call(sup, req, Infinity)) as ["ok", unknown] | ["error", unknown];
  if (r[0] === "error") throw new SupervisorError(r[1], sup, api);
  return r[1];
}

// ---------------------------------------------------------------------------------- the state

interface Child extends FullSpec {
  pid: Pid | undefined;
  /** Its restart failed; another try is queued (OTP's {restarting, Pid}). */
  restarting: boolean;
  /** Arguments of its start call (simple_one_for_one: the startChild extra arguments). */
  extra: unknown[];
}

class State {
  /** Static strategies: the children in start order. */
  children: Child[] = [];
  /** simple_one_for_one: the template spec, and the children it started, in start order. */
  template: FullSpec | undefined;
  dynamic = new Set<Child>();
  readonly window: RestartWindow;
  /** The name reports give: the registered name, or the pid. */
  readonly name: string | Pid;

  constructor(readonly flags: FullFlags) {
    this.window = new RestartWindow(flags.intensity, flags.period);
    this.name = flags.name ?? self();
  }

  get simple(): boolean {
    return this.flags.strategy === "simple_one_for_one";
  }

  byPid(pid: Pid): Child | undefined {
    if (this.simple) {
      for (const c of this.dynamic) if (c.pid === pid) return c;
      return undefined;
    }
    return this.children.find((c) => c.pid === pid);
  }

  byId(id: string): Child | undefined {
    return this.children.find((c) => c.id === id);
  }

  /** A child that stopped for good: a temporary one (or any dynamic one) is forgotten, the others keep their spec. */
  forget(c: Child): void {
    c.pid = undefined;
    c.restarting = false;
    if (this.simple) this.dynamic.delete(c);
    else if (c.restart === "temporary") this.children.splice(this.children.indexOf(c), 1);
  }
}

type Result = ["noreply", State] | ["stop", unknown, State];

function report(st: State, errorContext: SupervisorReport["errorContext"], reason: unknown, c: Child, pid: Pid | undefined = c.pid): void {
  logReport({
    kind: "supervisor",
    supervisor: st.name,
    errorContext,
    reason,
    offender: { pid, id: c.id, restart: c.restart, shutdown: c.shutdown, type: c.type },
  });
}

/** Exit reasons that end a transient or temporary child quietly: "normal", "shutdown", ["shutdown", term]. */
function isQuietExit(reason: unknown): boolean {
  return reason === "normal" || reason === "shutdown" || (Array.isArray(reason) && reason.length === 2 && reason[0] === "shutdown");
}

// ---------------------------------------------------------------------------------- starting

function* startProcess(c: Child): Call<Pid> {
  const r = yield* settle(c.start(...c.extra));
  if (!(r instanceof Pid))
    throw new TypeError(
      `child ${JSON.stringify(c.id)}: start() returned ${describe(r)}; it must start the child linked to the supervisor and return its pid ` +
        `(e.g. () => spawnLink(worker)) or a Call returning it (e.g. () => server.startLink(behaviour, args))`,
    );
  return r;
}

/**
 * Starts `list` in order, from index `from`. Returns the child that failed and why, or undefined.
 * Each failure is reported as a start_error.
 */
function* startInOrder(st: State, list: Child[], from: number): Call<[Child, unknown] | undefined> {
  for (let i = from; i < list.length; i++) {
    const c = list[i]!;
    try {
      c.pid = yield* startProcess(c);
      c.restarting = false;
    } catch (e) {
      report(st, "start_error", e, c);
      return [c, e];
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------- stopping

/** Stops one child by its shutdown spec; a death of another reason than asked for is a shutdown_error. */
function* terminateOne(st: State, c: Child): Call {
  const pid = c.pid;
  if (pid === undefined) return;
  const reason = yield* shutdown(pid, c.shutdown);
  c.pid = undefined;
  if (!expectedShutdownReason(c, reason)) report(st, "shutdown_error", reason, c, pid);
}

function expectedShutdownReason(c: FullSpec, reason: unknown): boolean {
  if (c.shutdown === "brutal_kill" ? reason === "killed" : reason === "shutdown") return true;
  return c.restart !== "permanent" && isQuietExit(reason);
}

/** Stops `list` in reverse start order, one after the other; temporary children are dropped from `st` (they are never restarted). */
function* terminateInReverse(st: State, list: Child[]): Call {
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i]!;
    yield* terminateOne(st, c);
    if (c.restart === "temporary") st.forget(c);
  }
}

function* terminateDynamic(st: State): Call {
  const t = st.template!;
  const running = [...st.dynamic].filter((c) => c.pid !== undefined);
  const reasons = yield* shutdownAll(running.map((c) => c.pid!), t.shutdown);
  for (const c of running) {
    const reason = reasons.get(c.pid!);
    if (!expectedShutdownReason(c, reason)) report(st, "shutdown_error", reason, c);
    c.pid = undefined;
  }
  st.dynamic.clear();
}

// ---------------------------------------------------------------------------------- restarting

/** A child died: OTP's do_restart, by its restart type. */
function* childExited(st: State, c: Child, reason: unknown): Call<Result> {
  if (c.restart === "permanent" || (c.restart === "transient" && !isQuietExit(reason))) {
    report(st, "child_terminated", reason, c);
    return yield* restart(st, c);
  }
  if (c.restart === "temporary" && !isQuietExit(reason)) report(st, "child_terminated", reason, c);
  st.forget(c);
  return ["noreply", st];
}

/** Restarts `c` by the strategy, counting the restart against the intensity; gives up past it. */
function* restart(st: State, c: Child): Call<Result> {
  if (!st.window.add()) {
    report(st, "shutdown", "reached_max_restart_intensity", c);
    st.forget(c);
    return ["stop", "shutdown", st];
  }
  c.pid = undefined;
  let failed: [Child, unknown] | undefined;
  switch (st.flags.strategy) {
    case "one_for_one":
    case "simple_one_for_one":
      failed = yield* startInOrder(st, [c], 0);
      break;
    case "rest_for_one": {
      const i = st.children.indexOf(c);
      yield* terminateInReverse(st, st.children.slice(i + 1));
      failed = yield* startInOrder(st, st.children, st.children.indexOf(c));
      break;
    }
    case "one_for_all":
      yield* terminateInReverse(st, st.children.filter((x) => x !== c));
      failed = yield* startInOrder(st, st.children, 0);
      break;
  }
  if (failed !== undefined) {
    // As OTP: the child is marked restarting and the restart tried again after the messages
    // already queued (a shutdown request, say), each try counting against the intensity.
    failed[0].pid = undefined;
    failed[0].restarting = true;
    server.cast(self(), ["try_again_restart", failed[0]]);
  }
  return ["noreply", st];
}

// ---------------------------------------------------------------------------------- the behaviour

type Reply = ["ok", unknown] | ["error", unknown];

const behaviour: server.Behaviour<State> = {
  *init(flags: FullFlags, specs: FullSpec[]) {
    trapExit(true);
    const st = new State(flags);
    if (st.simple) {
      st.template = specs[0];
      return ["ok", st];
    }
    st.children = specs.map((s) => ({ ...s, pid: undefined, restarting: false, extra: [] }));
    const failed = yield* startInOrder(st, st.children, 0);
    if (failed === undefined) return ["ok", st];
    yield* terminateInReverse(st, st.children);
    return ["stop", ["shutdown", ["failed_to_start_child", failed[0].id, failed[1]]]];
  },

  *handleCall(req, _from, st) {
    const r: Reply = yield* handleRequest(st, req);
    return ["reply", r, st];
  },

  *handleCast(msg, st) {
    switch (match(msg)) {
      case ["try_again_restart", C]: {
        const c = C as Child;
        const known = st.simple ? st.dynamic.has(c) : st.children.includes(c);
        if (known && c.restarting) return yield* restart(st, c);
        return ["noreply", st];
      }
      default:
        return ["noreply", st];
    }
  },

  *handleInfo(msg, st) {
    switch (match(msg)) {
      case ["EXIT", P as Pid, Reason]: {
        const c = st.byPid(P);
        if (c === undefined) return ["noreply", st]; // not a child (e.g. one that failed to start)
        return yield* childExited(st, c, Reason);
      }
      default:
        return ["noreply", st]; // OTP logs "Supervisor received unexpected message" and goes on
    }
  },

  *terminate(_reason, st) {
    if (st.simple) yield* terminateDynamic(st);
    else yield* terminateInReverse(st, st.children);
  },
};

function* handleRequest(st: State, req: unknown): Call<Reply> {
  switch (match(req)) {
    case ["start_child", Arg]:
      return st.simple ? yield* startDynamic(st, Arg as unknown[]) : yield* startStatic(st, Arg as FullSpec);
    case ["terminate_child", Target]: {
      if (st.simple && !(Target instanceof Pid)) return ["error", "simple_one_for_one"];
      const c = Target instanceof Pid ? st.byPid(Target) : st.byId(Target as string);
      if (c === undefined) return Target instanceof Pid && st.simple && !isAlive(Target) ? ["ok", undefined] : ["error", "not_found"];
      yield* terminateOne(st, c);
      st.forget(c);
      return ["ok", undefined];
    }
    case ["restart_child", Id]: {
      if (st.simple) return ["error", "simple_one_for_one"];
      const c = st.byId(Id as string);
      if (c === undefined) return ["error", "not_found"];
      if (c.restarting) return ["error", "restarting"];
      if (c.pid !== undefined) return ["error", "running"];
      try {
        c.pid = yield* startProcess(c);
        return ["ok", c.pid];
      } catch (e) {
        return ["error", e];
      }
    }
    case ["delete_child", Id]: {
      if (st.simple) return ["error", "simple_one_for_one"];
      const c = st.byId(Id as string);
      if (c === undefined) return ["error", "not_found"];
      if (c.restarting) return ["error", "restarting"];
      if (c.pid !== undefined) return ["error", "running"];
      st.children.splice(st.children.indexOf(c), 1);
      return ["ok", undefined];
    }
    case "which_children": {
      if (st.simple) return ["ok", [...st.dynamic].map((c): ChildInfo => ({ id: undefined, pid: c.pid, type: c.type }))];
      return ["ok", st.children.map((c): ChildInfo => ({ id: c.id, pid: c.pid, type: c.type })).reverse()];
    }
    case "count_children": {
      const all = st.simple ? [...st.dynamic] : st.children;
      const active = all.filter((c) => c.pid !== undefined && isAlive(c.pid)).length;
      const supervisors = all.filter((c) => c.type === "supervisor").length;
      const counts: ChildCounts = { specs: st.simple ? 1 : all.length, active, supervisors, workers: all.length - supervisors };
      return ["ok", counts];
    }
    default:
      return ["error", ["unknown_request", req]];
  }
}

function* startStatic(st: State, spec: FullSpec): Call<Reply> {
  const old = st.byId(spec.id);
  if (old !== undefined) return ["error", old.pid !== undefined ? ["already_started", old.pid] : "already_present"];
  const c: Child = { ...spec, pid: undefined, restarting: false, extra: [] };
  try {
    c.pid = yield* startProcess(c);
  } catch (e) {
    return ["error", e];
  }
  st.children.push(c);
  return ["ok", c.pid];
}

function* startDynamic(st: State, extra: unknown[]): Call<Reply> {
  const c: Child = { ...st.template!, pid: undefined, restarting: false, extra };
  try {
    c.pid = yield* startProcess(c);
  } catch (e) {
    return ["error", e];
  }
  st.dynamic.add(c);
  return ["ok", c.pid];
}
