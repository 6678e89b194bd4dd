// One run of one Erlang-style row, in one style, in a fresh process (bench/tail/run.ts drives it):
//   node --expose-gc --import ./integrations/register.mjs bench/tail/one.ts <ring|pingpong|counter|allocator> <tail|loop>
// Prints `RESULT {...}` with the CPU time and the wall time of the timed part (after a warm-up pass at 1/10 size).

import { join, spawn, type Proc } from "../../runtime/index.js";
import { allocator, counterClient, pingpong, ring, SIZES, type Out } from "./workloads.js";

const [workload, style] = process.argv.slice(2) as [string, "tail" | "loop"];
const out: Out = { cpu: NaN, ms: NaN };
let n = 0;

/** One pass at 1/k of the size: a warm-up pass (k = 10, so the JIT has settled), then the timed one. */
async function pass(k: number): Promise<void> {
  let root: Proc;
  switch (workload) {
    case "ring": n = SIZES.ringN * SIZES.ringM; root = ring(style, SIZES.ringN, SIZES.ringM / k, out); break;
    case "pingpong": n = SIZES.pingpong; root = pingpong(style, n / k, out); break;
    case "counter": n = SIZES.counter; root = counterClient(style, n / k, out); break;
    case "allocator": n = SIZES.allocator; root = allocator(style, n / k, out); break;
    default: throw new Error(`unknown workload ${workload}`);
  }
  const reason = await join(spawn(function* (): Proc { return root; }));
  if (reason !== "normal") throw new Error(`${workload} ${style}: the root exited with ${String(reason)}`);
}
// Warm-up at a tenth of the size, then PASSES timed passes at full size (default 3), the best kept:
// a single pass still carries the optimizing compiler's last rounds (deoptimizations on paths the
// warm-up did not reach, recompiles on a background thread that CPU time counts), which made the
// style that happened to recompile later look slower by a fixed cost.
await pass(10);
const passes = Number(process.env.PASSES ?? 3);
let cpu = Infinity;
let ms = Infinity;
for (let i = 0; i < passes; i++) {
  await pass(1);
  cpu = Math.min(cpu, out.cpu);
  ms = Math.min(ms, out.ms);
}
process.stdout.write(`RESULT ${JSON.stringify({ workload, style, n, cpu, ms })}\n`);
process.exit(0);
