// The floor: the smallest generator scheduler that can run the workloads, so that ts-otp's cost
// can be read against the physical limit of the design in Node rather than against nothing.
// A process is a generator plus a mailbox array; `yield matcher` is a receive; a message sent to a
// process waiting on a matcher that accepts it is handed over directly; the run queue is a
// power-of-two ring buffer; a process runs until it blocks or has taken 2,000 steps.
// No timers, registry, errors, exit(self), or asynchronous signals.
//
// Below the core sits the least that the link-chain, fan-in and monitor rows need, written the
// shortest way: links as arrays (never pruned: a dead end is skipped), exit signals delivered
// synchronously through a worklist (no recursion), monitors as a flat [watcher, ref, ...] array.
//
//   node --expose-gc --import tsx bench/floor.ts <workload> [quick|full]

import { figure, heapAfterGc, now, parseArgs, report, type Sizes, type Workload } from "./common.js";

// ------------------------------------------------------------------------------------------ core

export type Matcher = (msg: unknown) => boolean;
export type ProcGen = Generator<Matcher, void, unknown>;

export class Proc {
  mailbox: unknown[] = [];
  /** Index of the oldest message still in `mailbox` (takes from the front are O(1)). */
  head = 0;
  /** Set while blocked in a receive. */
  matcher: Matcher | null = null;
  /** The message to resume with. */
  value: unknown = undefined;
  dead = false;
  trap = false;
  links: Proc[] | null = null;
  monitors: unknown[] | null = null;
  constructor(public gen: ProcGen) {}
}

let queue: (Proc | undefined)[] = new Array(1024);
let mask = 1023;
let qHead = 0;
let qSize = 0;

function enqueue(p: Proc): void {
  if (qSize === queue.length) {
    const bigger: (Proc | undefined)[] = new Array(queue.length * 2);
    for (let i = 0; i < qSize; i++) bigger[i] = queue[(qHead + i) & mask];
    queue = bigger;
    qHead = 0;
    mask = bigger.length - 1;
  }
  queue[(qHead + qSize) & mask] = p;
  qSize++;
}

let current: Proc = null as unknown as Proc;

export function self(): Proc {
  return current;
}

export function spawn<A extends unknown[]>(fn: (...args: A) => ProcGen, ...args: A): Proc {
  const p = new Proc(fn(...args));
  enqueue(p);
  return p;
}

export function send(to: Proc, msg: unknown): void {
  if (to.dead) return;
  const m = to.matcher;
  if (m !== null && m(msg)) {
    to.matcher = null;
    to.value = msg;
    enqueue(to);
  } else {
    to.mailbox.push(msg);
  }
}

/** Runs every process until all are blocked or dead. */
export function run(): void {
  while (qSize > 0) {
    const p = queue[qHead]!;
    queue[qHead] = undefined;
    qHead = (qHead + 1) & mask;
    qSize--;
    if (!p.dead) step(p);
  }
}

function step(p: Proc): void {
  current = p;
  let v = p.value;
  p.value = undefined;
  for (let budget = 2000; budget > 0; budget--) {
    const r = p.gen.next(v);
    if (r.done === true) return die(p, "normal");
    const matcher = r.value;
    const mb = p.mailbox;
    const n = mb.length;
    let i = p.head;
    while (i < n && !matcher(mb[i])) i++;
    if (i === n) {
      p.matcher = matcher;
      return;
    }
    v = mb[i];
    if (i !== p.head) mb.splice(i, 1);
    else if (++p.head === n) (mb.length = 0), (p.head = 0);
    else mb[i] = undefined;
  }
  p.value = v;
  enqueue(p);
}

// ----------------------------------------------------- the least links, exits and monitors need

let nextRef = 0;
const dying: unknown[] = [];
let draining = false;

export function link(other: Proc): void {
  if (other.dead) return signal(other, current, "noproc");
  (current.links ??= []).push(other);
  (other.links ??= []).push(current);
}

export function spawnLink<A extends unknown[]>(fn: (...args: A) => ProcGen, ...args: A): Proc {
  const p = spawn(fn, ...args);
  link(p);
  return p;
}

export function trapExit(on: boolean): void {
  current.trap = on;
}

export function exit(to: Proc, reason: unknown): void {
  signal(current, to, reason);
}

export function monitor(target: Proc): number {
  const ref = ++nextRef;
  if (target.dead) send(current, ["DOWN", ref, "process", target, "noproc"]);
  else (target.monitors ??= []).push(current, ref);
  return ref;
}

function signal(from: Proc, to: Proc, reason: unknown): void {
  if (to.dead) return;
  if (reason === "kill") return die(to, "killed");
  if (to.trap) return send(to, ["EXIT", from, reason]);
  if (reason !== "normal") die(to, reason);
}

function die(p: Proc, reason: unknown): void {
  p.dead = true;
  p.matcher = null;
  p.mailbox = [];
  dying.push(p, reason);
  if (draining) return;
  draining = true;
  for (let i = 0; i < dying.length; i += 2) {
    const q = dying[i] as Proc;
    const why = dying[i + 1];
    const links = q.links;
    if (links !== null) for (let j = 0; j < links.length; j++) signal(q, links[j], why);
    const mons = q.monitors;
    if (mons !== null)
      for (let j = 0; j < mons.length; j += 2) send(mons[j] as Proc, ["DOWN", mons[j + 1], "process", q, why]);
    q.links = q.monitors = null;
  }
  dying.length = 0;
  draining = false;
}

// ------------------------------------------------------------------------------------- workloads
// NOTE: keep in step with bench/ts-otp.ts and bench/erlang/bench.erl (same shapes, same sizes).

const isAny: Matcher = () => true;
const isStop: Matcher = (m) => m === "stop";
const isDone: Matcher = (m) => m === "done";
const isGo: Matcher = (m) => m === "go";
const isTarget: Matcher = (m) => m === "target";
const isNever: Matcher = () => false;
const isExit: Matcher = (m) => Array.isArray(m) && m[0] === "EXIT";
const isDown: Matcher = (m) => Array.isArray(m) && m[0] === "DOWN";

interface Out {
  ms: number;
  keep?: Proc[];
}

function* waiter(): ProcGen {
  yield isStop;
}

function* sentinel(root: Proc): ProcGen {
  send(root, "done");
}

function* spawnRoot(n: number, out: Out): ProcGen {
  // The floor has no process table: this array is what keeps the waiting processes alive, and its
  // 8 bytes per process are counted in the figure.
  const keep: Proc[] = new Array(n);
  const t0 = now();
  for (let i = 0; i < n; i++) keep[i] = spawn(waiter);
  spawn(sentinel, self()); // FIFO: when it runs, every waiter has run up to its receive
  yield isDone;
  out.ms = now() - t0;
  out.keep = keep;
}

function* ringNode(root: Proc): ProcGen {
  const next = (yield isAny) as Proc;
  for (;;) {
    const hops = (yield isAny) as number;
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
  yield isDone;
  out.ms = now() - t0;
}

function* pong(): ProcGen {
  const ping = (yield isAny) as Proc;
  for (;;) {
    const k = (yield isAny) as number;
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
    yield isAny;
  }
  out.ms = now() - t0;
}

function* selectiveRoot(junk: number, receives: number, out: Out): ProcGen {
  const me = self();
  for (let i = 0; i < junk; i++) send(me, i);
  const t0 = now();
  for (let i = 0; i < receives; i++) {
    send(me, "target");
    yield isTarget;
  }
  out.ms = now() - t0;
}

function* chainNode(k: number, root: Proc): ProcGen {
  if (k === 0) send(root, self());
  else spawnLink(chainNode, k - 1, root);
  yield isNever;
}

function* chainRoot(n: number, out: Out): ProcGen {
  const first = spawn(chainNode, n - 1, self());
  const last = (yield isAny) as Proc;
  monitor(last);
  const t0 = now();
  exit(first, "boom");
  yield isDown;
  out.ms = now() - t0;
}

function* fanChild(): ProcGen {
  yield isGo;
}

function* fanRoot(n: number, out: Out): ProcGen {
  trapExit(true);
  const kids: Proc[] = new Array(n);
  for (let i = 0; i < n; i++) kids[i] = spawnLink(fanChild);
  spawn(sentinel, self());
  yield isDone;
  const t0 = now();
  for (let i = 0; i < n; i++) send(kids[i], "go");
  for (let i = 0; i < n; i++) yield isExit;
  out.ms = now() - t0;
}

function* nothing(): ProcGen {}

function* monitorRoot(k: number, out: Out): ProcGen {
  const t0 = now();
  for (let i = 0; i < k; i++) {
    const pid = spawn(nothing);
    const ref = monitor(pid);
    yield (m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref;
  }
  out.ms = now() - t0;
}

function root(w: Workload, s: Sizes, out: Out): ProcGen {
  switch (w) {
    case "spawn": return spawnRoot(s.spawn, out);
    case "ring": return ringRoot(s.ringN, s.ringM, out);
    case "ring-small": return ringRoot(s.ringSmallN, s.ringSmallM, out);
    case "pingpong": return pingRoot(s.pingpong, out);
    case "selective": return selectiveRoot(s.junk, s.receives, out);
    case "link-chain": return chainRoot(s.chain, out);
    case "fan-in": return fanRoot(s.fanin, out);
    case "monitor": return monitorRoot(s.monitor, out);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { workload, sizes } = parseArgs(process.argv);
  const out: Out = { ms: NaN };
  const base = workload === "spawn" ? heapAfterGc() : 0;
  spawn(root, workload, sizes, out);
  run();
  const bytes = workload === "spawn" ? (heapAfterGc() - base) / sizes.spawn : undefined;
  report(figure("floor", workload, sizes, out.ms, bytes));
}
