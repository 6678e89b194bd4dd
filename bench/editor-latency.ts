// Editor latency: how long a real tsserver takes to answer `geterr` (syntactic, semantic and
// suggestion diagnostics, the round trip an editor makes after each keystroke) on a 1,000-line DSL
// file with the ts-otp/language-service plugin, against the same program without DSL in a stock
// tsserver. "The same program without DSL" is what compile() makes of the file: exactly the code
// the checker works on, so the difference is what the plugin costs (compiling, mapping).
//
//   npx tsx bench/editor-latency.ts [rounds=40] [5.9|6]
//
// Both servers run side by side, the rounds interleaved (A, B, A, B...), each round an edit (a
// character typed, then deleted, in a case body in the middle of the file) and a geterr; after
// warm-up rounds, medians and the ratio are printed.

import { compile } from "../transformer/index.js";
import { pluginProject, positionOf, TsServer, TSSERVERS, type Project } from "../test/editor/tsserver.js";

const rounds = Number(process.argv[2] ?? 40);
const version = (process.argv[3] ?? "5.9") as keyof typeof TSSERVERS;
const WARMUP = 5;

function dslFile(lines: number): string {
  const out = [`import { receive, after, send, type Pid, type Proc } from "ts-otp";`, ""];
  for (let k = 0; out.length < lines; k++) {
    out.push(
      `type Msg${k} = [from: Pid, kind: "deposit", amount: number] | [from: Pid, kind: "balance"] | [from: Pid, kind: "rename", name: string] | ["stop"];`,
      ``,
      `export function* account${k}(total: number, name: string): Proc {`,
      `  switch (receive<Msg${k}>()) {`,
      `    case [From, "deposit", Amount] && Amount > 0:`,
      `      send(From, ["ok", total + Amount]);`,
      `      return account${k}(total + Amount, name);`,
      `    case [From, "balance"]:`,
      `      send(From, [name, total]);`,
      `      return account${k}(total, name);`,
      `    case [From, "rename", Name] && Name.length > 0:`,
      `      send(From, ["renamed", name.toUpperCase(), Name]);`,
      `      return account${k}(total, Name);`,
      `    case ["stop"]:`,
      `      return;`,
      `    case after(60_000):`,
      `      return account${k}(total, name);`,
      `  }`,
      `}`,
      ``,
    );
  }
  return out.join("\n");
}

interface Side {
  name: string;
  project: Project;
  server: TsServer;
  file: string;
  text: string;
  times: number[];
}

function side(name: string, text: string, plugins: object[]): Side {
  const project = pluginProject({ "bench.ts": text }, plugins);
  const server = new TsServer(TSSERVERS[version], project.dir);
  const file = project.file("bench.ts");
  server.open(file);
  return { name, project, server, file, text, times: [] };
}

async function round(s: Side, i: number): Promise<void> {
  // Type a character into a case body in the middle of the file, or delete it again.
  const at = positionOf(s.text, "send(From, [name, total]);", Math.floor(s.text.split("send(From, [name, total]);").length / 2), "send(From, [name, total]".length);
  if (i % 2 === 0) s.server.change(s.file, at, at, " ");
  else s.server.change(s.file, at, { line: at.line, offset: at.offset + 1 }, "");
  const t0 = performance.now();
  const d = await s.server.geterr(s.file);
  const ms = performance.now() - t0;
  if (d.syntax.length + d.semantic.length > 0) throw new Error(`${s.name}: unexpected diagnostics ${JSON.stringify([...d.syntax, ...d.semantic].slice(0, 3))}`);
  if (i >= WARMUP) s.times.push(ms);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const dsl = dslFile(1000);
const compiled = compile("bench.ts", dsl);
if (compiled.diagnostics.length > 0 || !compiled.changed) throw new Error("the bench file does not compile");
const sides = [
  side("DSL file, ts-otp/language-service", dsl, [{ name: "ts-otp/language-service" }]),
  side("same program without DSL, stock tsserver", compiled.code, []),
];
try {
  for (let i = 0; i < rounds + WARMUP; i++) for (const s of sides) await round(s, i);
  const [a, b] = sides.map((s) => median(s.times)) as [number, number];
  console.log(`TypeScript ${version} tsserver, ${dsl.split("\n").length}-line file, geterr round trip after an edit, median of ${rounds} rounds:`);
  for (const s of sides) console.log(`  ${s.name.padEnd(44)} ${median(s.times).toFixed(1)} ms  (min ${Math.min(...s.times).toFixed(1)}, max ${Math.max(...s.times).toFixed(1)})`);
  console.log(`  ratio ${(a / b).toFixed(2)}x (target: within 1.5x)`);
} finally {
  for (const s of sides) {
    await s.server.close();
    s.project.dispose();
  }
}
