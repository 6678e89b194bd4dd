// The seed page's allocator as a gen_server: `top_recover` with the loop, the links and the
// trapped exits handed to the server behaviour. Clients are linked while they hold a resource, so
// a client that crashes gives its resources back; the code has no error handling of its own.
// One fix over the page's version (which marks it "not done"): a client that holds two resources
// and releases one stays linked, so the other still comes back if it crashes.

import { link, match, self, trapExit, unlink, type Call, type Pid } from "../../runtime/index.js";
import * as server from "../../otp/server.js";

export type Resource = string;
export interface State {
  free: Resource[];
  allocated: [Resource, Pid][];
}
type Request = "alloc" | "state";
type Reply = ["yes", Resource] | "no" | State;
type Cast = ["release", Pid, Resource];

export const allocator: server.Behaviour<State, Request, Reply, Cast> = {
  init(free: Resource[]) {
    trapExit(true); // a linked client's exit arrives as a message (handleInfo), not as our death
    return ["ok", { free, allocated: [] }];
  },

  handleCall(request, from, state) {
    switch (match(request)) {
      case "alloc":
        return top_alloc(from.pid, state);
      case "state":
        return ["reply", state, state];
    }
  },

  // release is a cast, as on the page (the client does not wait). Releasing a resource one does
  // not hold crashes the server (the page's `delete` has no clause for it): its supervisor
  // restarts it.
  handleCast(msg, { free, allocated }) {
    switch (match(msg)) {
      case ["release", Client, Resource]: {
        const allocated1 = del([Resource, Client], allocated);
        if (!holds(Client, allocated1)) unlink(Client);
        return ["noreply", { free: [Resource, ...free], allocated: allocated1 }];
      }
    }
  },

  handleInfo(msg, { free, allocated }) {
    switch (match(msg)) {
      case ["EXIT", Client, _Reason]: {
        const back = allocated.filter(([, P]) => P === Client).map(([R]) => R);
        return ["noreply", { free: [...back, ...free], allocated: allocated.filter(([, P]) => P !== Client) }];
      }
      default:
        return ["noreply", { free, allocated }];
    }
  },
};

function top_alloc(Client: Pid, { free, allocated }: State): ["reply", Reply, State] {
  switch (match(free)) {
    case []:
      return ["reply", "no", { free, allocated }];
    case [Resource, ...Free1]:
      link(Client);
      return ["reply", ["yes", Resource], { free: Free1, allocated: [[Resource, Client], ...allocated] }];
  }
}

/** delete({R, Pid}, [{R, Pid}|T]) -> T; delete(X, [H|T]) -> [H|delete(X, T)]: no clause for []. */
function del([Resource, Client]: [Resource, Pid], list: [Resource, Pid][]): [Resource, Pid][] {
  switch (match(list)) {
    case [[Resource, Client], ...T]:
      return T;
    case [H, ...T]:
      return [H, ...del([Resource, Client], T)];
  }
}

function holds(Client: Pid, allocated: [Resource, Pid][]): boolean {
  return allocated.some(([, P]) => P === Client);
}

// ---- the clients' API ----

export const NAME = "allocator";

export function startLink(resources: Resource[]): Call<Pid> {
  return server.startLink(allocator, [resources], { name: NAME });
}
export function* alloc(): Call<["yes", Resource] | "no"> {
  return (yield* server.call(NAME, "alloc")) as ["yes", Resource] | "no";
}
export function release(resource: Resource): void {
  server.cast(NAME, ["release", self(), resource]);
}
export function* state(): Call<State> {
  return (yield* server.call(NAME, "state")) as State;
}
