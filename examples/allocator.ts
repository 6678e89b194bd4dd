// The resource allocator of the Erlang error-handling page ("A Robust Server"),
// in ts-otp's DSL, clause for clause: `top`/`top_alloc` (no recovery: a crashed client's
// resource leaks) and `top_recover`/`top_recover_alloc` (links to clients and traps their exits:
// the resource comes back), with the page's `delete` and `lookup`. The client API and the
// get_state clause follow the Erlang module of the side-by-side page. Run it: `npm start` (ts-otp run examples/allocator.ts).
// docs/allocator-side-by-side.md sets it beside the Erlang.

import { receive, match, send, self, spawn, link, unlink, trapExit, type Pid, type Proc, type Call } from "../runtime/index.js";
import { runDemo, type Allocated, type Resource } from "./allocator-demo.js";

type Msg =
  | [Pid, "alloc"]
  | [Pid, ["release", Resource]]
  | [Pid, "get_state"]
  | ["EXIT", Pid, unknown];

// ---- A Robust Server (no recovery) ----

export function* top(Free: Resource[], Allocated: Allocated): Proc {
  switch (receive<Msg>()) {
    case [Pid, "alloc"]:
      return top_alloc(Free, Allocated, Pid);
    case [Pid, ["release", Resource]]: {
      const Allocated1 = del([Resource, Pid], Allocated);
      return top([Resource, ...Free], Allocated1);
    }
    case [Pid, "get_state"]: // added for observation
      send(Pid, ["state", Free, Allocated]);
      return top(Free, Allocated);
  }
}

export function* top_alloc(Free: Resource[], Allocated: Allocated, Pid: Pid): Proc {
  switch (match(Free)) {
    case []:
      send(Pid, "no");
      return top([], Allocated);
    case [Resource, ...Free1]:
      send(Pid, ["yes", Resource]);
      return top(Free1, [[Resource, Pid], ...Allocated]);
  }
}

// ---- Allocator with Error Recovery ----

export function* top_recover_alloc(Free: Resource[], Allocated: Allocated, Pid: Pid): Proc {
  switch (match(Free)) {
    case []:
      send(Pid, "no");
      return top_recover([], Allocated);
    case [Resource, ...Free1]:
      link(Pid);
      send(Pid, ["yes", Resource]);
      return top_recover(Free1, [[Resource, Pid], ...Allocated]);
  }
}

export function* top_recover(Free: Resource[], Allocated: Allocated): Proc {
  switch (receive<Msg>()) {
    case [Pid, "alloc"]:
      return top_recover_alloc(Free, Allocated, Pid);
    case [Pid, ["release", Resource]]: {
      unlink(Pid);
      const Allocated1 = del([Resource, Pid], Allocated);
      return top_recover([Resource, ...Free], Allocated1);
    }
    case ["EXIT", Pid, _Reason]: {
      const Resource = lookup(Pid, Allocated);
      const Allocated1 = del([Resource, Pid], Allocated);
      return top_recover([Resource, ...Free], Allocated1);
    }
    case [Pid, "get_state"]: // added for observation
      send(Pid, ["state", Free, Allocated]);
      return top_recover(Free, Allocated);
  }
}

// ---- Allocator Utilities ----

/** delete(H, [H|T]) -> T; delete(X, [H|T]) -> [H|delete(X, T)]. (`delete` is a keyword in JS.) */
export function del([Resource, Pid]: [Resource, Pid], List: Allocated): Allocated {
  switch (match(List)) {
    case [[Resource, Pid], ...T]:
      return T;
    case [H, ...T]:
      return [H, ...del([Resource, Pid], T)];
  }
}

/** lookup(Pid, [{Resource,Pid}|_]) -> Resource; lookup(Pid, [_|Allocated]) -> lookup(Pid, Allocated). */
export function lookup(Pid: Pid, Allocated: Allocated): Resource {
  switch (match(Allocated)) {
    case [[Resource, Pid], ..._]:
      return Resource;
    case [_, ...Allocated1]:
      return lookup(Pid, Allocated1);
  }
}

// ---- starting the servers, and the clients' API (as in the Erlang module) ----

export function start(Free: Resource[]): Pid {
  return spawn(top, Free, []);
}

export function start_recover(Free: Resource[]): Pid {
  return spawn(function* (): Proc {
    trapExit(true);
    return top_recover(Free, []);
  });
}

export function* alloc(Server: Pid): Call<["yes", Resource] | "no"> {
  send(Server, [self(), "alloc"]);
  switch (receive<["yes", Resource] | "no">()) {
    case ["yes", Resource]:
      return ["yes", Resource];
    case "no":
      return "no";
  }
}

export function release(Server: Pid, Resource: Resource): "ok" {
  send(Server, [self(), ["release", Resource]]);
  return "ok";
}

export function* get_state(Server: Pid): Call<[Resource[], Allocated]> {
  send(Server, [self(), "get_state"]);
  switch (receive<["state", Resource[], Allocated]>()) {
    case ["state", Free, Allocated]:
      return [Free, Allocated];
  }
}

if (process.argv[1]?.endsWith("allocator.ts")) await runDemo({ start, start_recover, alloc, get_state });
