// The benchmark driver (bench/run.sh calls it once the BEAM side is compiled): runs every workload
// for the BEAM, the floor and ts-otp (library `yield* receiveWith` and compiled `yield recv`), each
// run in a fresh OS process, the sides interleaved, three runs each; takes medians; prints a
// markdown table to stdout and writes bench/results/.
//
//   QUICK=1 node --import tsx bench/run.ts     (RUNS=n and ONLY=w1,w2 narrow a run; DIAG=1 adds
//                                               bench/floor-star.ts as an extra column)

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FULL, OTP_FULL, OTP_QUICK, OTP_WORKLOADS, QUICK, WORKLOADS, type OtpWorkload, type Result, type Workload } from "./common.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const resultsDir = join(here, "results");
const quick = process.env.QUICK === "1";
const size = quick ? "quick" : "full";
const runs = Number(process.env.RUNS ?? 3);
const only = process.env.ONLY?.split(",") as (Workload | OtpWorkload)[] | undefined;
const workloads = [...WORKLOADS, ...OTP_WORKLOADS].filter((w) => only === undefined || only.includes(w));
const isOtp = (w: Workload | OtpWorkload): w is OtpWorkload => (OTP_WORKLOADS as readonly string[]).includes(w);

type Impl = "beam" | "floor" | "ts-otp" | "ts-otp-recv" | "floor-star";
const IMPLS: Impl[] = ["beam", "floor", "ts-otp", "ts-otp-recv"];
// DIAG=1 adds bench/floor-star.ts (the floor driving `yield*` processes) as an extra column.
const diag = process.env.DIAG === "1";
const STAR_WORKLOADS: Workload[] = ["ring", "ring-small", "pingpong", "selective", "monitor"];
const implsFor = (w: Workload | OtpWorkload): Impl[] =>
  isOtp(w) ? ["beam", "ts-otp"] : diag && STAR_WORKLOADS.includes(w) ? [...IMPLS, "floor-star"] : IMPLS;

function command(impl: Impl, w: Workload | OtpWorkload): [string, string[]] {
  if (impl === "beam")
    return ["erl", ["-noshell", "+S", "1:1", "+P", "2000000", "-pa", join(resultsDir, "ebin"), "-run", "bench", "main", w, size]];
  // The OTP rows import ts-otp/supervisor and ts-otp/server, which are compiled DSL: run through ts-otp's Node hooks.
  if (isOtp(w)) return [process.execPath, ["--expose-gc", "--import", join(root, "integrations/register.mjs"), join(here, "otp.ts"), w, size]];
  return [process.execPath, ["--expose-gc", "--import", "tsx", join(here, `${impl}.ts`), w, size]];
}

function runOne(impl: Impl, w: Workload | OtpWorkload): Result {
  const [cmd, args] = command(impl, w);
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", timeout: 180_000, maxBuffer: 16 << 20 });
  const line = r.stdout?.split("\n").find((l) => l.startsWith("RESULT "));
  if (r.status !== 0 || line === undefined)
    throw new Error(`${impl} ${w} failed (status ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice("RESULT ".length)) as Result;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------------------------------- run

const started = Date.now();
const load = loadavg()[0].toFixed(2);
const all: Result[] = [];
// Progress to stderr (stdout is the table): which run of how many, and how long so far.
const total = workloads.reduce((n, w) => n + runs * implsFor(w).length, 0);
process.stderr.write(`bench: ${total} runs (${workloads.length} workloads x ${runs} runs x each side), ${size} sizes\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
for (const w of workloads) {
  process.stderr.write(`bench: ${label(w)}: ${implsFor(w).join(", ")}, ${runs} runs each\n`);
  for (let i = 0; i < runs; i++) {
    for (const impl of implsFor(w)) {
      const r = runOne(impl, w);
      all.push(r);
      process.stderr.write(`  [${String(all.length).padStart(String(total).length)}/${total}, ${elapsed()}] ${w.padEnd(10)} ${impl.padEnd(11)} run ${i + 1}/${runs}: ${fmt(r.value, r.unit)}\n`);
    }
  }
}

// ------------------------------------------------------------------------------------- report

interface Row {
  label: string;
  unit: string;
  higherIsBetter: boolean;
  beam: number;
  floor: number;
  tsotp: number;
  recv: number;
  star: number | undefined;
  spread: Partial<Record<Impl, [number, number]>>;
}

function label(w: Workload | OtpWorkload): string {
  const k = (x: number) => x.toLocaleString("en-US");
  const z = quick ? QUICK : FULL;
  const o = quick ? OTP_QUICK : OTP_FULL;
  switch (w) {
    case "sup-restart": return `supervisor restart: child exits until its replacement runs (${k(o.restarts)}, one_for_one)`;
    case "gen-call": return `gen_server call round trips (${k(o.calls)}, default 5 s timeout)`;
    case "spawn": return `spawn ${k(z.spawn)} waiting processes`;
    case "ring": return `ring ${k(z.ringN)} procs x ${k(z.ringM)} rounds`;
    case "ring-small": return `ring ${k(z.ringSmallN)} procs x ${k(z.ringSmallM)} rounds`;
    case "pingpong": return `ping-pong, ${k(z.pingpong)} round trips`;
    case "selective": return `selective receive past ${k(z.junk)} unmatched (x${k(z.receives)})`;
    case "link-chain": return `link chain of ${k(z.chain)}, first killed: until last is down`;
    case "fan-in": return `trap_exit fan-in, ${k(z.fanin)} linked children exit: until all EXITs received`;
    case "monitor": return `spawn + monitor + wait 'DOWN', ${k(z.monitor)} times`;
  }
}

function row(w: Workload | OtpWorkload, pick: (r: Result) => number, unit: string, higherIsBetter: boolean, lbl?: string): Row {
  const of = (impl: Impl) => all.filter((r) => r.workload === w && r.impl === impl).map(pick);
  const spread: Row["spread"] = {};
  for (const impl of implsFor(w)) spread[impl] = [Math.min(...of(impl)), Math.max(...of(impl))];
  const star = of("floor-star");
  return {
    label: lbl ?? label(w),
    unit,
    higherIsBetter,
    beam: median(of("beam")),
    floor: median(of("floor")),
    tsotp: median(of("ts-otp")),
    recv: median(of("ts-otp-recv")),
    star: star.length > 0 && unit !== "bytes/process" ? median(star) : undefined,
    spread,
  };
}

const rows: Row[] = [];
for (const w of workloads) {
  const r0 = all.find((r) => r.workload === w)!;
  rows.push(row(w, (r) => r.value, r0.unit, r0.unit.endsWith("/s")));
  if (w === "spawn")
    rows.push(row(w, (r) => r.bytesPerProc!, "bytes/process", false, "memory per waiting process (from the spawn row)"));
}

function fmt(v: number, unit: string): string {
  if (Number.isNaN(v)) return "n/a"; // the OTP rows have no floor and no separate recv column
  if (unit.endsWith("/s")) {
    const s = v >= 1e6 ? `${(v / 1e6).toFixed(2)}M` : v >= 1e3 ? `${(v / 1e3).toFixed(0)}k` : v.toFixed(0);
    return `${s} ${unit}`;
  }
  if (unit === "ms") return `${v.toFixed(1)} ms`;
  if (unit === "bytes/process") return `${v.toFixed(0)} B`;
  return `${v.toFixed(2)} ${unit}`;
}

/** How many times faster (or leaner) `mine` is than `other`: > 1 means `mine` is ahead. */
function advantage(r: Row, mine: number, other: number): number {
  return r.higherIsBetter ? mine / other : other / mine;
}

function verdict(x: number, need: number): string {
  const txt = x >= 1 ? `${x.toFixed(2)}x ahead` : `${(1 / x).toFixed(2)}x behind`;
  return `${txt} ${x >= need ? "✓" : "✗"}`;
}

const misses: string[] = [];
const lines: string[] = [];
lines.push(
  "| workload | BEAM | floor | ts-otp | ts-otp vs BEAM (target: ahead) | ts-otp vs floor (target: ≤ 1.5x behind) " +
    `| ts-otp, compiled \`yield recv\` | recv vs BEAM | recv vs floor |${diag ? " floor, yield* (diag) |" : ""}`,
);
lines.push(`|---|---:|---:|---:|---|---|---:|---|---|${diag ? "---:|" : ""}`);
for (const r of rows) {
  const cells = [r.label, fmt(r.beam, r.unit), fmt(r.floor, r.unit)];
  for (const [name, mine] of [["ts-otp", r.tsotp], ["ts-otp (yield recv)", r.recv]] as const) {
    const vb = advantage(r, mine, r.beam);
    const vf = advantage(r, mine, r.floor);
    if (Number.isNaN(mine)) {
      cells.push("n/a", "n/a", "n/a");
      continue;
    }
    cells.push(fmt(mine, r.unit), verdict(vb, 1), Number.isNaN(vf) ? "n/a" : verdict(vf, 1 / 1.5));
    if (vb < 1) misses.push(`${name}, ${r.label}: ${(1 / vb).toFixed(2)}x behind the BEAM`);
    if (vf < 1 / 1.5) misses.push(`${name}, ${r.label}: ${(1 / vf).toFixed(2)}x behind the floor (target ≤ 1.5x)`);
    if (r.unit === "bytes/process" && mine > 1024) misses.push(`${name}, ${r.label}: ${mine.toFixed(0)} B > 1 KB`);
  }
  if (diag) cells.push(r.star === undefined ? "" : fmt(r.star, r.unit));
  lines.push(`| ${cells.join(" | ")} |`);
}

const erl = spawnSync("erl", ["-noshell", "-eval", 'io:format("~s", [erlang:system_info(otp_release)]), halt().'], { encoding: "utf8" });
const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" }).stdout?.trim() ?? "";
const head = git("rev-parse", "--short", "HEAD");
const rev =
  process.env.BENCH_REV ??
  (head === "" ? "(not a git checkout)" : `${head}${git("status", "--porcelain", "runtime") === "" ? "" : " + uncommitted runtime changes"}`);
const machine =
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} x ${cpus()[0]?.model.trim()}, ` +
  `${(totalmem() / 2 ** 30).toFixed(0)} GB, load ${load} at start, Node ${process.version}, ` +
  `Erlang/OTP ${erl.stdout.trim()} (erl +S 1:1), runtime at ${rev}, ${size} sizes, median of ${runs} runs, ` +
  `each run a fresh OS process, ${((Date.now() - started) / 1000).toFixed(0)} s in all`;

const table = [
  `ts-otp benchmark — ${machine}`,
  "",
  ...lines,
  "",
  misses.length === 0 ? "All targets met." : `Targets missed:\n${misses.map((m) => `- ${m}`).join("\n")}`,
  "",
].join("\n");

mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
writeFileSync(join(resultsDir, `${stamp}-${size}.jsonl`), all.map((r) => JSON.stringify(r)).join("\n") + "\n");
writeFileSync(join(resultsDir, `${stamp}-${size}.md`), table);
writeFileSync(join(resultsDir, `latest-${size}.md`), table);
writeFileSync(join(resultsDir, `latest-${size}.json`), JSON.stringify({ machine, rows, misses, results: all }, null, 2) + "\n");
process.stdout.write(table);
