// The Erlang-style rows counted in instructions instead of seconds: on a shared machine the clock
// wanders by ±20-40% from run to run, while valgrind's callgrind counts the same instructions for
// the same program every time. Each workload and style is bundled (esbuild, through ts-otp's own
// esbuild door) and run under callgrind with PASSES=1 and PASSES=3 (bench/tail/one.ts); the
// difference is exactly two timed passes, start-up and warm-up cancel out, so
// (I(3) - I(1)) / (2 n) is the instruction cost of one hop, round trip, message or cycle.
//
//   node bench/tail/instructions.mjs [ring,pingpong,counter,allocator]     (needs valgrind)
//   STYLES=tail node bench/tail/instructions.mjs allocator                 (one style only)
//
// Instructions are not time (cache misses, branch mispredictions and GC helper threads are not
// weighed), but a difference in instructions per operation between two styles of the same
// workload is a difference in the work the compiled code and the runtime do.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const outDir = join(root, "bench", "results");
mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, "tail-bundle.mjs");
const chosen = (process.argv[2] ?? "ring,pingpong,counter,allocator").split(",");
const unit = { ring: "hop", pingpong: "round trip", counter: "message", allocator: "cycle" };

if (spawnSync("valgrind", ["--version"]).status !== 0) {
  console.error("valgrind is not installed (apt-get install valgrind)");
  process.exit(1);
}

// One bundle of bench/tail/one.ts, its DSL compiled by the esbuild door.
const build = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--input-type=module",
    "-e",
    `import { build } from "esbuild";
     import { otpEsbuild } from "./integrations/esbuild.ts";
     await build({ entryPoints: ["bench/tail/one.ts"], bundle: true, format: "esm", platform: "node",
       outfile: ${JSON.stringify(bundle)}, plugins: [otpEsbuild()], logLevel: "warning" });`,
  ],
  { cwd: root, encoding: "utf8" },
);
if (build.status !== 0) throw new Error(`bundling bench/tail/one.ts failed:\n${build.stderr}`);

// Under valgrind the program runs ~50 times slower, so the scheduler's clock-driven limits (a
// clock read every 10-40 µs of steps, a slice every 4 ms) would come ~50 times more often per
// message than in a native run, and the count would be mostly clock reads and event-loop turns.
// Pin them in the bundle to what a native run does: a clock read every 1,024 steps, 400 ms slices.
const code = readFileSync(bundle, "utf8");
const pinned = code
  .replace(/if \(dt > [0-9.]+\) mask >>= 1;\s*else if \(dt < [0-9.]+ && mask < 4095\) mask = mask << 1 \| 1;/, "")
  .replace("var mask = 63;", "var mask = 1023;")
  .replace("var SLICE_MS = 4;", "var SLICE_MS = 400;");
if ((pinned.match(/var mask = 1023;|var SLICE_MS = 400;/g) ?? []).length !== 2 || pinned.includes("mask >>= 1"))
  throw new Error("the scheduler's clock code in the bundle changed: update the pinning in bench/tail/instructions.mjs");
writeFileSync(bundle, pinned);

/** Instructions callgrind counts for one run of the bundle (all threads). */
function count(workload, style, passes) {
  const r = spawnSync(
    "valgrind",
    ["--tool=callgrind", "--callgrind-out-file=/dev/null", process.execPath, "--no-concurrent-recompilation", "--expose-gc", bundle, workload, style],
    { encoding: "utf8", env: { ...process.env, PASSES: String(passes) }, timeout: 1_800_000 },
  );
  const m = /Collected : (\d+)/.exec(r.stderr ?? "");
  const res = (r.stdout ?? "").split("\n").find((l) => l.startsWith("RESULT "));
  if (m === null || res === undefined) throw new Error(`${workload} ${style} PASSES=${passes} failed:\n${r.stderr?.slice(-2000)}`);
  return { instructions: Number(m[1]), n: JSON.parse(res.slice(7)).n };
}

const rows = [];
for (const w of chosen) {
  const per = {};
  for (const style of (process.env.STYLES ?? "tail,loop").split(",")) {
    process.stderr.write(`  ${w} ${style}: callgrind, PASSES=1 and 3 ...\n`);
    const one = count(w, style, 1);
    const three = count(w, style, 3);
    per[style] = (three.instructions - one.instructions) / (2 * one.n);
    process.stderr.write(`  ${w} ${style}: ${per[style].toFixed(0)} instructions per ${unit[w]}\n`);
  }
  const f = (v) => (v === undefined ? "" : v.toFixed(0));
  const ratio = per.tail !== undefined && per.loop !== undefined ? `${(per.tail / per.loop).toFixed(3)}x` : "";
  rows.push(`| ${w} | ${f(per.tail)} | ${f(per.loop)} | ${ratio} |`);
}
const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
console.log(
  `Instructions per operation (callgrind, Node ${process.version}, at ${git})\n\n` +
    `| workload | Erlang style | loop style | tail / loop |\n|---|---:|---:|---|\n${rows.join("\n")}`,
);
