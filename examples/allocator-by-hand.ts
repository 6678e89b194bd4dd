// The resource allocator of the Erlang error-handling page, written by hand over the
// runtime's library receive (`receiveWith` + `lastClause`), with no compiler. `top` leaks a
// resource held by a client that crashes; `top_recover` links to its clients, traps exits and
// takes the resource back. The client API and the get_state clause follow the Erlang module of
// docs/allocator-side-by-side.md.

import { Pid, self, send, spawn, link, unlink, trapExit, receiveWith, lastClause, type Proc, type Call } from "../runtime/index.js";
import { runDemo, type Allocated, type Resource } from "./allocator-demo.js";

// ---- patterns, as the compiler will emit them: one test per clause, -1 for "no clause" ----
const isPid = (x: unknown): x is Pid => x instanceof Pid;
const pair = (m: any): m is [unknown, unknown] => Array.isArray(m) && m.length === 2;

/** {Pid, alloc} | {Pid, {release, Resource}} | {Pid, get_state} */
function topClauses(m: any): number {
  if (!pair(m) || !isPid(m[0])) return -1;
  const body = m[1];
  if (body === "alloc") return 0;
  if (pair(body) && body[0] === "release") return 1;
  if (body === "get_state") return 2;
  return -1;
}
/** the same, plus {'EXIT', Pid, _Reason} */
function topRecoverClauses(m: any): number {
  const c = topClauses(m);
  if (c >= 0) return c;
  return Array.isArray(m) && m.length === 3 && m[0] === "EXIT" && isPid(m[1]) ? 3 : -1;
}

// ---- the server without recovery ----
export function* top(Free: Resource[], Allocated: Allocated): Proc {
  const m: any = yield* receiveWith(topClauses);
  switch (lastClause()) {
    case 0: // {Pid, alloc}
      return top_alloc(Free, Allocated, m[0]);
    case 1: { // {Pid, {release, Resource}}
      const [Pid, [, Resource]] = m;
      const Allocated1 = del([Resource, Pid], Allocated);
      return top([Resource, ...Free], Allocated1);
    }
    default: // {Pid, get_state}: added for observation
      send(m[0], ["state", Free, Allocated]);
      return top(Free, Allocated);
  }
}

function top_alloc(Free: Resource[], Allocated: Allocated, Pid: Pid): Proc {
  if (Free.length === 0) {
    send(Pid, "no");
    return top([], Allocated);
  }
  const [Resource, ...Free1] = Free;
  send(Pid, ["yes", Resource]);
  return top(Free1, [[Resource!, Pid], ...Allocated]);
}

// ---- the server with recovery ----
export function* top_recover(Free: Resource[], Allocated: Allocated): Proc {
  const m: any = yield* receiveWith(topRecoverClauses);
  switch (lastClause()) {
    case 0: // {Pid, alloc}
      return top_recover_alloc(Free, Allocated, m[0]);
    case 1: { // {Pid, {release, Resource}}
      const [Pid, [, Resource]] = m;
      unlink(Pid);
      const Allocated1 = del([Resource, Pid], Allocated);
      return top_recover([Resource, ...Free], Allocated1);
    }
    case 2: // {Pid, get_state}: added for observation
      send(m[0], ["state", Free, Allocated]);
      return top_recover(Free, Allocated);
    default: { // {'EXIT', Pid, _Reason}
      const Pid = m[1] as Pid;
      const Resource = lookup(Pid, Allocated);
      const Allocated1 = del([Resource, Pid], Allocated);
      return top_recover([Resource, ...Free], Allocated1);
    }
  }
}

function top_recover_alloc(Free: Resource[], Allocated: Allocated, Pid: Pid): Proc {
  if (Free.length === 0) {
    send(Pid, "no");
    return top_recover([], Allocated);
  }
  const [Resource, ...Free1] = Free;
  link(Pid);
  send(Pid, ["yes", Resource]);
  return top_recover(Free1, [[Resource!, Pid], ...Allocated]);
}

// ---- the utilities: delete/2 and lookup/2 ----
function del(H: [Resource, Pid], L: Allocated): Allocated {
  const i = L.findIndex(([r, p]) => r === H[0] && p === H[1]);
  if (i < 0) throw new Error(`function_clause: delete(${H}, ...)`); // Erlang's delete/2 has no [] clause
  return [...L.slice(0, i), ...L.slice(i + 1)];
}

function lookup(Pid: Pid, L: Allocated): Resource {
  const e = L.find(([, p]) => p === Pid);
  if (e === undefined) throw new Error(`function_clause: lookup(${Pid}, ...)`);
  return e[0];
}

// ---- starting the servers ----
export function start(Free: Resource[]): Pid {
  return spawn(top, Free, []);
}
export function start_recover(Free: Resource[]): Pid {
  return spawn(function* () {
    trapExit(true);
    return top_recover(Free, []);
  });
}

// ---- the client API (runs inside the client process) ----
export function* alloc(Server: Pid): Call<["yes", Resource] | "no"> {
  send(Server, [self(), "alloc"]);
  return (yield* receiveWith((m: any): m is ["yes", Resource] | "no" => m === "no" || (pair(m) && m[0] === "yes")));
}
export function release(Server: Pid, Resource: Resource): "ok" {
  send(Server, [self(), ["release", Resource]]);
  return "ok";
}
export function* get_state(Server: Pid): Call<[Resource[], Allocated]> {
  send(Server, [self(), "get_state"]);
  const m: any = yield* receiveWith((m: any) => Array.isArray(m) && m.length === 3 && m[0] === "state");
  return [m[1], m[2]];
}

// ---- the demo (npm start runs the DSL version, examples/allocator.ts) ----
if (process.argv[1]?.endsWith("allocator-by-hand.ts")) await runDemo({ start, start_recover, alloc, get_state });
