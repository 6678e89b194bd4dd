// CLI start-up, side by side with tsx, on the same files, in a project where ts-otp is installed
// from its packed tarball (bench/cli-startup.sh makes it). Each row: median wall time of N runs,
// ts-otp and tsx interleaved, after one warm-up run each (both cache compiled output on disk);
// each through its command (the tsx command starts a second node process) and as a loader
// (node --import), the like-for-like comparison.
//   node bench/cli/startup.mjs <project dir>    (RUNS=n, default 11)
//
// tsx cannot compile the DSL, so on a DSL file it stops at the first receive (DslNotCompiled,
// exit 1) after loading and transforming everything: its time is a lower bound of a real run.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { dslProgram } from "./gen-dsl.mjs";

const dir = path.resolve(process.argv[2] ?? ".");
const RUNS = Number(process.env.RUNS ?? 11);
const TS_OTP = path.join(dir, "node_modules/ts-otp/bin/ts-otp.js");
const TSX = path.join(dir, "node_modules/tsx/dist/cli.mjs");

const noDsl = `// no DSL: the runtime's library receive
import { spawn, send, self, join, receiveWith, type Pid, type Proc } from "ts-otp";

type Msg = ["inc"] | ["get", Pid];

function* counter(n: number): Proc {
  const m = yield* receiveWith((m): m is Msg => Array.isArray(m));
  if (m[0] === "inc") return counter(n + 1);
  send(m[1], n);
  return counter(n);
}

await join(
  spawn(function* (): Proc {
    const c = spawn(counter, 0);
    send(c, ["inc"]);
    send(c, ["get", self()]);
    console.log(\`count: \${String(yield* receiveWith((m): m is number => typeof m === "number"))}\`);
  }),
);
`;
const files = {
  "no-dsl.ts": noDsl,
  "dsl-30-lines.ts": dslProgram(1),
  "dsl-1000-functions.ts": dslProgram(1000),
};
for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);

function time(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, out: r.stdout + r.stderr };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The floor: node itself starting and exiting, measured in the same run (the machine's noise
// scales every row alike).
writeFileSync(path.join(dir, "empty.mjs"), "");
const floor = median(Array.from({ length: RUNS }, () => time(["empty.mjs"]).ms));

const rows = [];
for (const name of Object.keys(files)) {
  const lines = files[name].split("\n").length - 1;
  const first = time([TS_OTP, "run", name]);
  if (first.status !== 0) throw new Error(`ts-otp run ${name} failed:\n${first.out}`);
  time([TSX, name]);
  const a = [];
  const b = [];
  const c = [];
  const d = [];
  const e = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(time([TS_OTP, "run", name]).ms);
    b.push(time([TSX, name]).ms);
    c.push(time([TS_OTP, "run", name], { TS_OTP_CACHE: "0" }).ms);
    d.push(time(["--import", "ts-otp/register", name]).ms);
    e.push(time(["--import", "tsx", name]).ms);
  }
  rows.push({ name, lines, otp: median(a), tsx: median(b), cold: median(c), otpImport: median(d), tsxImport: median(e) });
}
console.log(`load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
console.log(`ts-otp ${JSON.parse((await import("node:fs")).readFileSync(path.join(dir, "node_modules/ts-otp/package.json"), "utf8")).version} vs tsx, node ${process.version}, median of ${RUNS} runs, interleaved`);
console.log(`node alone (an empty file): ${floor.toFixed(0)} ms`);
console.log("| file | lines | `ts-otp run` | `tsx` | ratio | `node --import ts-otp/register` | `node --import tsx` | ratio | `ts-otp run`, no cache |");
console.log("|---|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.lines} | ${r.otp.toFixed(0)} ms | ${r.tsx.toFixed(0)} ms | ${(r.otp / r.tsx).toFixed(2)}x | ${r.otpImport.toFixed(0)} ms | ${r.tsxImport.toFixed(0)} ms | ${(r.otpImport / r.tsxImport).toFixed(2)}x | ${r.cold.toFixed(0)} ms |`,
  );
