// The parser choice behind docs/toolchain.md: load time and parse time of a 1,000-function DSL file
// (bench/cli/gen-dsl.mjs) for TypeScript's createSourceFile (5.9 and 6.0) and oxc-parser. Each
// parser is measured in a fresh process (load = the first require), three rounds interleaved.
//   npm install --prefix /tmp/parsers ts59@npm:typescript@5.9.3 ts6@npm:typescript@6.0.3 oxc-parser
//   node bench/cli/parsers.mjs /tmp/parsers
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dslProgram } from "./gen-dsl.mjs";

const [prefix, which] = process.argv.slice(2);
if (!prefix) throw new Error("usage: node bench/cli/parsers.mjs <folder where the parsers are installed>");
const file = path.join(tmpdir(), "ts-otp-parsers-1000.ts");

if (which === undefined) {
  writeFileSync(file, dslProgram(1000));
  for (let round = 0; round < 3; round++)
    for (const p of ["ts59", "ts6", "oxc-parser"]) process.stdout.write(execFileSync(process.execPath, [fileURLToPath(import.meta.url), prefix, p], { encoding: "utf8" }));
} else {
  const { createRequire } = await import("node:module");
  const require = createRequire(path.join(path.resolve(prefix), "node_modules", "x.js"));
  const { readFileSync } = await import("node:fs");
  const src = readFileSync(file, "utf8");
  const t0 = performance.now();
  let parse;
  if (which === "oxc-parser") {
    const oxc = require("oxc-parser");
    parse = () => oxc.parseSync(file, src);
  } else {
    const ts = require(which);
    parse = () => ts.createSourceFile(file, src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  }
  const t1 = performance.now();
  parse();
  const t2 = performance.now();
  for (let i = 0; i < 5; i++) parse();
  const t3 = performance.now();
  const version = which === "oxc-parser" ? require("oxc-parser/package.json").version : require(`${which}/package.json`).version;
  console.log(`${which.padEnd(10)} ${version.padEnd(7)} load ${(t1 - t0).toFixed(0).padStart(4)} ms   first parse ${(t2 - t1).toFixed(0).padStart(4)} ms   warm parse ${((t3 - t2) / 5).toFixed(0).padStart(4)} ms`);
}
