// Diagnostic, not one of the three columns (DIAG=1 adds it): the floor's scheduler, imported
// unchanged from bench/floor.ts, driving processes written as ts-otp writes them, `yield* op`
// through one shared iterator object instead of the floor's plain `yield matcher`. The gap between
// the floor and this is what the `yield*` delegation protocol alone costs in V8; the gap between
// this and ts-otp is what the runtime's own bookkeeping costs.
// (A shortcut only a diagnostic may take: a resumption is told from a fresh call by its value,
// which is never undefined in these workloads.)
//
//   node --expose-gc --import tsx bench/floor-star.ts <ring|ring-small|pingpong|selective|monitor> [quick|full]

import { figure, now, parseArgs, report, type Sizes } from "./common.js";
import { monitor, run, self, send, spawn, type Matcher, type Proc, type ProcGen } from "./floor.js";

const YIELDED = { done: false as const, value: null as unknown as Matcher };
const DONE = { done: true as const, value: undefined as unknown };

class ReceiveOp implements Iterator<Matcher, unknown, unknown> {
  matcher: Matcher = () => false;
  [Symbol.iterator](): this {
    return this;
  }
  next(v?: unknown): IteratorResult<Matcher, unknown> {
    if (v !== undefined) {
      DONE.value = v;
      return DONE;
    }
    YIELDED.value = this.matcher;
    return YIELDED;
  }
}
const op = new ReceiveOp();

function receive(matcher: Matcher): Iterable<Matcher, unknown, unknown> {
  op.matcher = matcher;
  return op;
}

const isAny: Matcher = () => true;
const isDone: Matcher = (m) => m === "done";
const isTarget: Matcher = (m) => m === "target";

interface Out {
  ms: number;
}

function* ringNode(root: Proc): ProcGen {
  const next = (yield* receive(isAny)) as Proc;
  for (;;) {
    const hops = (yield* receive(isAny)) as number;
    if (hops === 0) return send(root, "done");
    send(next, hops - 1);
  }
}

function* ringRoot(n: number, m: number, out: Out): ProcGen {
  const nodes: Proc[] = [];
  for (let i = 0; i < n; i++) nodes.push(spawn(ringNode, self()));
  for (let i = 0; i < n; i++) send(nodes[i], nodes[(i + 1) % n]);
  const t0 = now();
  send(nodes[0], n * m);
  yield* receive(isDone);
  out.ms = now() - t0;
}

function* pong(): ProcGen {
  const ping = (yield* receive(isAny)) as Proc;
  for (;;) {
    const k = (yield* receive(isAny)) as number;
    send(ping, k);
    if (k === 0) return;
  }
}

function* pingRoot(trips: number, out: Out): ProcGen {
  const p = spawn(pong);
  send(p, self());
  const t0 = now();
  for (let k = trips - 1; k >= 0; k--) {
    send(p, k);
    yield* receive(isAny);
  }
  out.ms = now() - t0;
}

function* selectiveRoot(junk: number, receives: number, out: Out): ProcGen {
  const me = self();
  for (let i = 0; i < junk; i++) send(me, i);
  const t0 = now();
  for (let i = 0; i < receives; i++) {
    send(me, "target");
    yield* receive(isTarget);
  }
  out.ms = now() - t0;
}

function* nothing(): ProcGen {}

function* monitorRoot(k: number, out: Out): ProcGen {
  const t0 = now();
  for (let i = 0; i < k; i++) {
    const pid = spawn(nothing);
    const ref = monitor(pid);
    yield* receive((m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref);
  }
  out.ms = now() - t0;
}

function root(w: string, s: Sizes, out: Out): ProcGen {
  switch (w) {
    case "ring": return ringRoot(s.ringN, s.ringM, out);
    case "ring-small": return ringRoot(s.ringSmallN, s.ringSmallM, out);
    case "pingpong": return pingRoot(s.pingpong, out);
    case "selective": return selectiveRoot(s.junk, s.receives, out);
    case "monitor": return monitorRoot(s.monitor, out);
    default: throw new Error(`floor-star has no ${w} workload (it covers ring, ring-small, pingpong, selective, monitor)`);
  }
}

const { workload, sizes } = parseArgs(process.argv);
const out: Out = { ms: NaN };
spawn(root, workload, sizes, out);
run();
report(figure("floor-star", workload, sizes, out.ms));
