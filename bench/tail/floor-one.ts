// One run of the floor on a bench/tail row, in a fresh process, measured as one.ts measures ts-otp:
// a warm-up pass at a tenth of the size, then PASSES timed passes (default 3), the best CPU time,
// at bench/tail's sizes, so that "loop style vs floor" compares the same work on the same clock.
//   node --expose-gc --import tsx bench/tail/floor-one.ts <ring|pingpong>

import { floorCpu } from "./floor-rows.js";
import { SIZES } from "./sizes.js";

const workload = process.argv[2] as "ring" | "pingpong";
const once = (k: number) =>
  workload === "ring" ? floorCpu("ring", SIZES.ringN, SIZES.ringM / k) : floorCpu("pingpong", SIZES.pingpong / k);
const n = workload === "ring" ? SIZES.ringN * SIZES.ringM : SIZES.pingpong;
once(10);
let cpu = Infinity;
for (let i = 0; i < Number(process.env.PASSES ?? 3); i++) cpu = Math.min(cpu, once(1));
process.stdout.write(`RESULT ${JSON.stringify({ workload, style: "floor", n, cpu })}\n`);
