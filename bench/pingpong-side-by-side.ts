// Ping-pong, floor and ts-otp (the compiler's \`yield recv\`) in ONE process, alternating, best of 7:
// the steadiest ratio on a noisy machine, used while optimising the hot path.
//   npx tsx bench/pingpong-side-by-side.ts
import * as F from "./floor.js";
import { spawn, send, self, recv, receiveWith, join, type Proc, type Pid } from "../runtime/index.js";
const isAny = () => true;
const N = 1_000_000;
function floorPP(): number {
  function* pong(): Generator<any, void, unknown> { const ping = (yield isAny) as any; for (;;) { const k = (yield isAny) as number; F.send(ping, k); if (k === 0) return; } }
  let ms = 0;
  function* root(): Generator<any, void, unknown> { const p = F.spawn(pong); F.send(p, F.self()); const t0 = performance.now(); for (let k = N - 1; k >= 0; k--) { F.send(p, k); yield isAny; } ms = performance.now() - t0; }
  F.spawn(root); F.run(); return ms;
}
async function otpPP(star: boolean): Promise<number> {
  function* pong(): Proc { const ping = (yield recv(isAny)) as Pid; for (;;) { const k = (yield recv(isAny)) as number; send(ping, k); if (k === 0) return; } }
  function* pongStar(): Proc { const ping = (yield* receiveWith(isAny)) as Pid; for (;;) { const k = (yield* receiveWith(isAny)) as number; send(ping, k); if (k === 0) return; } }
  let ms = 0;
  function* root(): Proc { const p = spawn(star ? pongStar : pong); send(p, self()); const t0 = performance.now();
    if (star) for (let k = N - 1; k >= 0; k--) { send(p, k); yield* receiveWith(isAny); }
    else for (let k = N - 1; k >= 0; k--) { send(p, k); yield recv(isAny); }
    ms = performance.now() - t0; }
  await join(spawn(root)); return ms;
}
const best = (xs: number[]) => Math.min(...xs);
const f: number[] = [], o: number[] = [];
for (let i = 0; i < 7; i++) { f.push(floorPP()); o.push(await otpPP(false)); }
console.log(`floor ${best(f).toFixed(1)} ms  ts-otp (yield recv) ${best(o).toFixed(1)} ms: ${(best(o) / best(f)).toFixed(2)}x the floor's time`);
