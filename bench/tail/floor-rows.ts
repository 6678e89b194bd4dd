// The floor (bench/floor.ts's scheduler) on the ring and ping-pong rows at bench/tail's sizes, with
// CPU time, for bench/tail/side-by-side.ts. The same shapes as bench/floor.ts's own workloads.

import { run, self, send, spawn, type Matcher, type Proc, type ProcGen } from "../floor.js";

const isAny: Matcher = () => true;
const isDone: Matcher = (m) => m === "done";

function* ringNode(root: Proc): ProcGen {
  const next = (yield isAny) as Proc;
  for (;;) {
    const hops = (yield isAny) as number;
    if (hops === 0) return send(root, "done");
    send(next, hops - 1);
  }
}

function* pong(): ProcGen {
  const ping = (yield isAny) as Proc;
  for (;;) {
    const k = (yield isAny) as number;
    send(ping, k);
    if (k === 0) return;
  }
}

/** CPU milliseconds (user + system) of the timed part of one floor run. */
export function floorCpu(w: "ring" | "pingpong", a: number, b = 0): number {
  let cpu = NaN;
  const clock = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  spawn(function* (): ProcGen {
    if (w === "ring") {
      const nodes: Proc[] = [];
      for (let i = 0; i < a; i++) nodes.push(spawn(ringNode, self()));
      for (let i = 0; i < a; i++) send(nodes[i]!, nodes[(i + 1) % a]!);
      const t0 = clock();
      send(nodes[0]!, a * b);
      yield isDone;
      cpu = clock() - t0;
    } else {
      const p = spawn(pong);
      send(p, self());
      const t0 = clock();
      for (let k = a - 1; k >= 0; k--) {
        send(p, k);
        yield isAny;
      }
      cpu = clock() - t0;
    }
  });
  run();
  return cpu;
}
