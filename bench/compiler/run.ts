// The compiler benchmark, side by side in one process: compiled match vs ts-pattern on the same
// patterns; a compiled receive vs the hand-written receiveWith matcher; compile time per file.
// Run: npm run bench:compiler   (QUICK=1 for a smoke run: fewer rounds, messages and runs)
// Progress goes to stderr, the markdown table to stdout.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { compile } from "../../transformer/index.js";
import { spawn, send, join } from "../../runtime/index.js";

const here = new URL(".", import.meta.url).pathname;
const outDir = new URL("../.compiled/", import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });
const r = compile("bench/compiler/dsl-cases.ts", readFileSync(here + "dsl-cases.ts", "utf8"));
if (r.diagnostics.length) throw new Error(JSON.stringify(r.diagnostics));
// bench/.compiled/ sits at the same depth as bench/compiler/, so relative imports still resolve
writeFileSync(outDir + "dsl-cases.ts", r.code);
const dsl = (await import(outDir + "dsl-cases.ts")) as { classify: (m: unknown) => number; server: (n: number, out: number[]) => Generator<any, any, any> };
const hand = await import("./hand-cases.js");

const QUICK = process.env.QUICK === "1";
const RUNS = QUICK ? 3 : 6;
const started = performance.now();
const progress = (what: string) => process.stderr.write(`bench:compiler [${((performance.now() - started) / 1000).toFixed(0)} s] ${what}\n`);
progress(`${QUICK ? "QUICK sizes" : "full sizes"}: ${RUNS} runs of match and receive, then compile times`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---- a fixed mix of 1,000 messages, 7 kinds ----
const pid = spawn(function* () {});
const mix: any[] = [];
for (let i = 0; i < 1000; i++) {
  switch (i % 7) {
    case 0: mix.push(["alloc", pid]); break;
    case 1: mix.push(["release", pid, ["r1", i % 3]]); break;
    case 2: mix.push({ type: "ping", seq: i }); break;
    case 3: mix.push(["EXIT", pid, "normal"]); break;
    case 4: mix.push(["EXIT", pid, "boom"]); break;
    case 5: mix.push("junk"); break;
    default: mix.push({ type: "pong" });
  }
}
for (const m of mix) if (dsl.classify(m) !== hand.classifyTsPattern(m)) throw new Error(`disagree on ${JSON.stringify(m)}`);

function rate(f: (m: any) => number): number {
  const rounds = QUICK ? 200 : 2000;
  let sink = 0;
  const t0 = performance.now();
  for (let k = 0; k < rounds; k++) for (let i = 0; i < mix.length; i++) sink += f(mix[i]);
  const dt = performance.now() - t0;
  if (sink === -1) console.log(sink);
  return (rounds * mix.length) / (dt / 1000);
}

// ---- receive: N messages sent to a server that takes them through 3 clauses ----
async function receiveRate(server: (n: number, out: number[]) => Generator<any, any, any>): Promise<number> {
  const N = QUICK ? 100_000 : 1_000_000;
  const out = [0, 0, 0];
  const msgs = [["alloc", pid], ["release", pid, ["r", 1]], { type: "ping", seq: 1 }];
  const t0 = performance.now();
  const srv = spawn(server, N, out);
  const done = join(srv);
  await join(spawn(function* () {
    for (let i = 0; i < N; i++) send(srv, msgs[i % 3]);
  }));
  await done;
  const dt = performance.now() - t0;
  if (out[0]! + out[1]! + out[2]! !== N) throw new Error("lost messages");
  return N / (dt / 1000);
}

const rows: Record<"compiled" | "tsPattern" | "recvCompiled" | "recvHand", number[]> = { compiled: [], tsPattern: [], recvCompiled: [], recvHand: [] };
for (let run = 0; run < RUNS; run++) {
  progress(`run ${run + 1}/${RUNS}: match (compiled, then ts-pattern), receive (compiled and hand-written)`);
  rows.compiled.push(rate(dsl.classify));
  rows.tsPattern.push(rate(hand.classifyTsPattern));
  // alternate which goes first, so warm-up and GC debt do not favour one side
  if (run % 2 === 0) {
    rows.recvCompiled.push(await receiveRate(dsl.server));
    rows.recvHand.push(await receiveRate(hand.serverByHand));
  } else {
    rows.recvHand.push(await receiveRate(hand.serverByHand));
    rows.recvCompiled.push(await receiveRate(dsl.server));
  }
}

// ---- compile time: a DSL file, and a file without DSL (passed through) ----
const files = ["examples/allocator.ts", "bench/compiler/dsl-cases.ts", "runtime/scheduler.ts"];
const compileMs: Record<string, number> = {};
for (const f of files) {
  progress(`compile time: ${f}`);
  const text = readFileSync(f, "utf8");
  for (let i = 0; i < (QUICK ? 5 : 20); i++) compile(f, text);
  const times: number[] = [];
  for (let i = 0; i < (QUICK ? 15 : 50); i++) {
    const t0 = performance.now();
    compile(f, text);
    times.push(performance.now() - t0);
  }
  compileMs[f] = median(times);
}

const M = (x: number) => `${(x / 1e6).toFixed(2)}M/s`;
const c = median(rows.compiled), t = median(rows.tsPattern), rc = median(rows.recvCompiled), rh = median(rows.recvHand);
console.log(`| workload | compiled | reference | ratio | target |`);
console.log(`|---|---:|---:|---|---|`);
console.log(`| match: 6 patterns over a 7-kind message mix | ${M(c)} | ts-pattern ${M(t)} | ${(c / t).toFixed(1)}x faster | ≥ 5x ${c / t >= 5 ? "✓" : "✗"} |`);
console.log(`| receive: ${QUICK ? "100,000" : "1,000,000"} messages, 3 clauses | ${M(rc)} | hand-written matcher ${M(rh)} | compiled ${(rh / rc).toFixed(2)}x the hand-written time | ≤ 1.2x ${rh / rc <= 1.2 ? "✓" : "✗"} |`);
for (const f of files) console.log(`| compile ${f} (${readFileSync(f, "utf8").split("\n").length} lines) | ${compileMs[f]!.toFixed(2)} ms | | | milliseconds |`);
process.exit(0);
