// The Erlang-style rows of the benchmark: the same workloads written twice in the DSL, as a user
// ports them from Erlang (state in parameters, `return loop(State)`: tail calls) and as a `for (;;)`
// loop with the state in variables. This file runs through the compiler (the CLI door: node
// --import ./integrations/register.mjs), so the tail-call style is measured as it compiles.
// NOTE: the allocator rows use examples/allocator.ts itself (the seed's allocator, Erlang style).

import { receive, match, send, self, spawn, link, unlink, trapExit, exit, type Pid, type Proc } from "../../runtime/index.js";
import { top_recover, alloc, release } from "../../examples/allocator.js";
import type { Allocated, Resource } from "../../examples/allocator-demo.js";

export { SIZES } from "./sizes.js";

export interface Out {
  /** CPU time (user + system, all threads) and wall time of the timed part, in ms. */
  cpu: number;
  ms: number;
}

let t0 = 0;
let c0 = { user: 0, system: 0 };
function startClock(): void {
  c0 = process.cpuUsage();
  t0 = performance.now();
}
function stopClock(out: Out): void {
  out.ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  out.cpu = (c.user + c.system) / 1000;
}

// ---- ring: N processes, a token counting the hops left ----

function* ringNode(root: Pid): Proc {
  switch (receive<Pid>()) {
    case Next:
      return ringLoop(root, Next);
  }
}

function* ringLoop(root: Pid, next: Pid): Proc {
  switch (receive<number>()) {
    case 0:
      send(root, "done");
      return;
    case Hops:
      send(next, Hops - 1);
      return ringLoop(root, next);
  }
}

function* ringNodeLoop(root: Pid): Proc {
  let next: Pid | undefined;
  switch (receive<Pid>()) {
    case Next:
      next = Next;
  }
  for (;;) {
    switch (receive<number>()) {
      case 0:
        send(root, "done");
        return;
      case Hops:
        send(next, Hops - 1);
    }
  }
}

export function* ring(style: "tail" | "loop", n: number, m: number, out: Out): Proc {
  const nodes: Pid[] = [];
  for (let i = 0; i < n; i++) nodes.push(spawn(style === "tail" ? ringNode : ringNodeLoop, self()));
  for (let i = 0; i < n; i++) send(nodes[i]!, nodes[(i + 1) % n]!);
  startClock();
  send(nodes[0]!, n * m);
  switch (receive<"done">()) {
    case "done":
      stopClock(out);
  }
}

// ---- ping-pong: two processes pass an integer back and forth ----

function* pong(): Proc {
  switch (receive<Pid>()) {
    case Ping:
      return pongLoop(Ping);
  }
}

function* pongLoop(ping: Pid): Proc {
  switch (receive<number>()) {
    case 0:
      send(ping, 0);
      return;
    case K:
      send(ping, K);
      return pongLoop(ping);
  }
}

function* pingLoop(k: number, p: Pid, out: Out): Proc {
  if (k < 0) return stopClock(out);
  send(p, k);
  switch (receive<number>()) {
    case _:
      return pingLoop(k - 1, p, out);
  }
}

function* pongFor(): Proc {
  let ping: Pid | undefined;
  switch (receive<Pid>()) {
    case Ping:
      ping = Ping;
  }
  for (;;) {
    switch (receive<number>()) {
      case K:
        send(ping, K);
        if (K === 0) return;
    }
  }
}

export function* pingpong(style: "tail" | "loop", trips: number, out: Out): Proc {
  const p = spawn(style === "tail" ? pong : pongFor);
  send(p, self());
  startClock();
  if (style === "tail") return pingLoop(trips - 1, p, out);
  for (let k = trips - 1; k >= 0; k--) {
    send(p, k);
    switch (receive<number>()) {
      case _:
        break;
    }
  }
  stopClock(out);
}

// ---- counter server: state in parameters, batches of increments, a get at the end of each ----

type CounterMsg = "inc" | [Pid, "get"] | "stop";

function* counter(N: number): Proc {
  switch (receive<CounterMsg>()) {
    case "inc":
      return counter(N + 1);
    case [From, "get"]:
      send(From, N);
      return counter(N);
    case "stop":
      return;
  }
}

function* counterFor(): Proc {
  let N = 0;
  for (;;) {
    switch (receive<CounterMsg>()) {
      case "inc":
        N++;
        break;
      case [From, "get"]:
        send(From, N);
        break;
      case "stop":
        return;
    }
  }
}

export function* counterClient(style: "tail" | "loop", total: number, out: Out): Proc {
  const server = spawn(style === "tail" ? counter : counterFor, 0);
  const me = self();
  const batch = 1000;
  startClock();
  for (let sent = 0; sent < total; ) {
    for (let i = 0; i < batch; i++, sent++) send(server, "inc");
    send(server, [me, "get"]);
    switch (receive<number>()) {
      case N:
        if (N !== sent) throw new Error(`counter says ${N}, ${sent} sent`);
    }
  }
  stopClock(out);
  send(server, "stop");
}

// ---- the allocator: alloc/release cycles against top_recover (examples/allocator.ts) ----

type AllocMsg = [Pid, "alloc"] | [Pid, ["release", Resource]] | [Pid, "get_state"] | ["EXIT", Pid, unknown];

/** top_recover/top_recover_alloc as one `for (;;)` loop over variables: the loop-style baseline. */
function* topRecoverFor(Free: Resource[], Allocated: Allocated): Proc {
  for (;;) {
    switch (receive<AllocMsg>()) {
      case [Pid, "alloc"]:
        switch (match(Free)) {
          case []:
            send(Pid, "no");
            break;
          case [Resource, ...Free1]:
            link(Pid);
            send(Pid, ["yes", Resource]);
            Free = Free1;
            Allocated = [[Resource, Pid], ...Allocated];
        }
        break;
      case [Pid, ["release", Resource]]:
        unlink(Pid);
        Allocated = del([Resource, Pid], Allocated);
        Free = [Resource, ...Free];
        break;
      case ["EXIT", Pid, _Reason]: {
        const Resource = lookup(Pid, Allocated);
        Allocated = del([Resource, Pid], Allocated);
        Free = [Resource, ...Free];
        break;
      }
      case [Pid, "get_state"]:
        send(Pid, ["state", Free, Allocated]);
    }
  }
}

function del([Resource, Pid]: [Resource, Pid], List: Allocated): Allocated {
  switch (match(List)) {
    case [[Resource, Pid], ...T]:
      return T;
    case [H, ...T]:
      return [H, ...del([Resource, Pid], T)];
  }
}

function lookup(Pid: Pid, Allocated: Allocated): Resource {
  switch (match(Allocated)) {
    case [[Resource, Pid], ..._]:
      return Resource;
    case [_, ...Allocated1]:
      return lookup(Pid, Allocated1);
  }
}

export function* allocator(style: "tail" | "loop", cycles: number, out: Out): Proc {
  const Free = ["r1", "r2", "r3"];
  const server = spawn(function* (): Proc {
    trapExit(true);
    return style === "tail" ? top_recover(Free, []) : topRecoverFor(Free, []);
  });
  startClock();
  for (let i = 0; i < cycles; i++) {
    const r = yield* alloc(server);
    if (r === "no") throw new Error("the allocator ran out");
    release(server, r[1]);
  }
  stopClock(out);
  unlink(server);
  exit(server, "kill"); // else our own normal exit reaches it as a trapped EXIT of a client holding nothing
}
