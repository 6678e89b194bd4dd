// Writes the CLI and parser benchmarks' input files: a DSL program of N receive functions (each a
// `switch (receive<Msg>())` with tuple, nested, guard and after cases) that runs to completion.
//   node bench/cli/gen-dsl.mjs <out.ts> <functions> [runtime module, default "ts-otp"]
import { writeFileSync } from "node:fs";

export function dslProgram(functions, runtime = "ts-otp") {
  const lines = [
    `import { spawn, send, self, join, receive, after, type Pid, type Proc } from ${JSON.stringify(runtime)};`,
    ``,
    `type Msg = [Pid, "get", number] | [Pid, ["put", string, number]] | ["stop"];`,
    ``,
  ];
  for (let i = 0; i < functions; i++) {
    lines.push(
      `export function* server${i}(n: number): Proc {`,
      `  switch (receive<Msg>()) {`,
      `    case [From, "get", K] && K > ${i}:`,
      `      send(From, n + K);`,
      `      return server${i}(n);`,
      `    case [From, ["put", _Key, V]]:`,
      `      send(From, "ok");`,
      `      return server${i}(n + V);`,
      `    case ["stop"]:`,
      `      return;`,
      `    case after(1000):`,
      `      return;`,
      `  }`,
      `}`,
      ``,
    );
  }
  lines.push(
    `const reason = await join(spawn(function* (): Proc {`,
    `  const s = spawn(server0, 1);`,
    `  send(s, [self(), "get", 41]);`,
    `  switch (receive<number>()) {`,
    `    case N:`,
    `      console.log(\`got \${N}\`);`,
    `  }`,
    `  send(s, ["stop"]);`,
    `}));`,
    `console.log(\`done: \${String(reason)}\`);`,
    ``,
  );
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const [out, n, runtime] = process.argv.slice(2);
  writeFileSync(out, dslProgram(Number(n), runtime));
}
