// The Erlang-style rows side by side in one process: tail style and loop style alternately, ROUNDS
// times (default 7) after one warm-up round, best CPU time of the timed part for each. Less noisy
// than fresh processes on a shared machine (both styles see the same machine state, round by
// round); bench/tail/run.ts is the fresh-process version.
//   node --expose-gc --import ./integrations/register.mjs bench/tail/side-by-side.ts [ring,pingpong,counter,allocator]

import { cpus, loadavg } from "node:os";
import { join, spawn, type Proc } from "../../runtime/index.js";
import { allocator, counterClient, pingpong, ring, SIZES, type Out } from "./workloads.js";
import { floorCpu } from "./floor-rows.js";

const rounds = Number(process.env.ROUNDS ?? 7);
const chosen = (process.argv[2] ?? "ring,pingpong,counter,allocator").split(",");
const target: Record<string, number> = { ring: 1.1, pingpong: 1.1, counter: 1.1, allocator: 1.2 };

async function once(w: string, style: "tail" | "loop", k: number): Promise<{ cpu: number; n: number }> {
  const out: Out = { cpu: NaN, ms: NaN };
  let root: Proc;
  let n: number;
  switch (w) {
    case "ring": n = (SIZES.ringN * SIZES.ringM) / k; root = ring(style, SIZES.ringN, SIZES.ringM / k, out); break;
    case "pingpong": n = SIZES.pingpong / k; root = pingpong(style, n, out); break;
    case "counter": n = SIZES.counter / k; root = counterClient(style, n, out); break;
    default: n = SIZES.allocator / k; root = allocator(style, n, out);
  }
  const reason = await join(spawn(function* (): Proc { return root; }));
  if (reason !== "normal") throw new Error(`${w} ${style}: ${String(reason)}`);
  return { cpu: out.cpu, n };
}

const load0 = loadavg()[0];
const lines: string[] = [];
for (const w of chosen) {
  await once(w, "tail", 10);
  await once(w, "loop", 10);
  const best = { tail: Infinity, loop: Infinity, floor: Infinity };
  const floor = w === "ring" ? () => floorCpu("ring", SIZES.ringN, SIZES.ringM) : w === "pingpong" ? () => floorCpu("pingpong", SIZES.pingpong) : null;
  let n = 0;
  for (let i = 0; i < rounds; i++) {
    for (const style of i % 2 === 0 ? (["tail", "loop"] as const) : (["loop", "tail"] as const)) {
      const r = await once(w, style, 1);
      best[style] = Math.min(best[style], r.cpu);
      n = r.n;
    }
    if (floor !== null) best.floor = Math.min(best.floor, floor());
  }
  const ratio = best.tail / best.loop;
  const rate = (ms: number) => `${((n / ms) * 1000 / 1e6).toFixed(2)}M/s`;
  const vsFloor = floor === null ? "| | " : `| ${rate(best.floor)} | ${(best.loop / best.floor).toFixed(2)}x ${best.loop / best.floor <= 1.5 ? "✓" : "✗"} `;
  lines.push(`| ${w} (${n.toLocaleString("en-US")}) | ${rate(best.tail)} | ${rate(best.loop)} | ${ratio.toFixed(2)}x ${ratio <= target[w]! ? "✓" : "✗"} (≤ ${target[w]}x) ${vsFloor}|`);
  process.stderr.write(lines.at(-1)! + "\n");
}
console.log(
  `side by side in one process, best CPU of ${rounds} alternating rounds after a warm-up, ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}, ` +
    `load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}\n\n| workload | Erlang style (CPU) | loop style (CPU) | tail / loop | floor (CPU) | loop / floor (≤ 1.5x) |\n|---|---:|---:|---|---:|---|\n${lines.join("\n")}`,
);
process.exit(0);
