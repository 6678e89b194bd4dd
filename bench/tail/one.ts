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
await pass(10);
await pass(1);
process.stdout.write(`RESULT ${JSON.stringify({ workload, style, n, cpu: out.cpu, ms: out.ms })}\n`);
process.exit(0);
