// The workloads of bench/ts-otp.ts with the receive the ts-otp compiler emits for `receive`:
// `const msg = yield recv(matcher)`, a plain yield the scheduler completes in its run loop, instead
// of the library's `yield* receiveWith(matcher)`. Everything else is identical, line for line.
// NOTE: keep in step with bench/ts-otp.ts (this file is that one with `yield* receiveWith(` replaced
// by `yield recv(`) and with the compiler's emitted receive (transformer; runtime/ops.ts `recv`).
//
//   node --expose-gc --import tsx bench/ts-otp-recv.ts <workload> [quick|full]

import {
  exit,
  join,
  monitor,
  recv,
  self,
  send,
  spawn,
  spawnLink,
  trapExit,
  type Pid,
  type Proc,
} from "../runtime/index.js";
import { figure, heapAfterGc, now, parseArgs, report, type Sizes, type Workload } from "./common.js";

type Matcher = (msg: unknown) => boolean;

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
}

function* waiter(): Proc {
  yield recv(isStop);
}

function* sentinel(root: Pid): Proc {
  send(root, "done");
}

function* spawnRoot(n: number, out: Out): Proc {
  // No array of pids: the runtime's process table keeps the waiting processes alive.
  const t0 = now();
  for (let i = 0; i < n; i++) spawn(waiter);
  spawn(sentinel, self()); // FIFO: when it runs, every waiter has run up to its receive
  yield recv(isDone);
  out.ms = now() - t0;
}

function* ringNode(root: Pid): Proc {
  const next = (yield recv(isAny)) as Pid;
  for (;;) {
    const hops = (yield recv(isAny)) as number;
    if (hops === 0) {
      send(root, "done");
      return;
    }
    send(next, hops - 1);
  }
}

function* ringRoot(n: number, m: number, out: Out): Proc {
  const nodes: Pid[] = [];
  for (let i = 0; i < n; i++) nodes.push(spawn(ringNode, self()));
  for (let i = 0; i < n; i++) send(nodes[i], nodes[(i + 1) % n]);
  const t0 = now();
  send(nodes[0], n * m);
  yield recv(isDone);
  out.ms = now() - t0;
}

function* pong(): Proc {
  const ping = (yield recv(isAny)) as Pid;
  for (;;) {
    const k = (yield recv(isAny)) as number;
    send(ping, k);
    if (k === 0) return;
  }
}

function* pingRoot(trips: number, out: Out): Proc {
  const p = spawn(pong);
  send(p, self());
  const t0 = now();
  for (let k = trips - 1; k >= 0; k--) {
    send(p, k);
    yield recv(isAny);
  }
  out.ms = now() - t0;
}

function* selectiveRoot(junk: number, receives: number, out: Out): Proc {
  const me = self();
  for (let i = 0; i < junk; i++) send(me, i);
  const t0 = now();
  for (let i = 0; i < receives; i++) {
    send(me, "target");
    yield recv(isTarget);
  }
  out.ms = now() - t0;
}

function* chainNode(k: number, root: Pid): Proc {
  if (k === 0) send(root, self());
  else spawnLink(chainNode, k - 1, root);
  yield recv(isNever);
}

function* chainRoot(n: number, out: Out): Proc {
  const first = spawn(chainNode, n - 1, self());
  const last = (yield recv(isAny)) as Pid;
  monitor(last);
  const t0 = now();
  exit(first, "boom");
  yield recv(isDown);
  out.ms = now() - t0;
}

function* fanChild(): Proc {
  yield recv(isGo);
}

function* fanRoot(n: number, out: Out): Proc {
  trapExit(true);
  const kids: Pid[] = new Array(n);
  for (let i = 0; i < n; i++) kids[i] = spawnLink(fanChild);
  spawn(sentinel, self());
  yield recv(isDone);
  const t0 = now();
  for (let i = 0; i < n; i++) send(kids[i], "go");
  for (let i = 0; i < n; i++) yield recv(isExit);
  out.ms = now() - t0;
}

function* nothing(): Proc {}

function* monitorRoot(k: number, out: Out): Proc {
  const t0 = now();
  for (let i = 0; i < k; i++) {
    const pid = spawn(nothing);
    const ref = monitor(pid);
    yield recv((m) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref);
  }
  out.ms = now() - t0;
}

function root(w: Workload, s: Sizes, out: Out): Proc {
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

const { workload, sizes } = parseArgs(process.argv);
const out: Out = { ms: NaN };
const base = workload === "spawn" ? heapAfterGc() : 0;
const reason = await join(spawn(root, workload, sizes, out));
if (reason !== "normal") throw new Error(`the benchmark's root process exited with ${String(reason)}`);
const bytes = workload === "spawn" ? (heapAfterGc() - base) / sizes.spawn : undefined;
report(figure("ts-otp-recv", workload, sizes, out.ms, bytes));
process.exit(0);
