#!/usr/bin/env node
// ts-otp run file.ts [args...]: runs a TypeScript program that uses the receive DSL.
//
// It registers Node module hooks (../integrations/node-hooks.mjs, through ../integrations/register.mjs)
// that compile each .ts file the program loads (the DSL, then esbuild to strip types) and map
// NodeNext-style `./x.js` imports to `./x.ts`; source maps are on, so stack traces show the
// user's lines. The program sees `process.argv` as `[node, file.ts, ...args]`, as if run by node.
//
// Plain JavaScript with no build step: the hooks are plain JavaScript too and bundle the TypeScript
// compiler core in memory on first use, so this works from a fresh clone after `npm install`.

import path from "node:path";
import { pathToFileURL } from "node:url";

const USAGE = `usage: ts-otp run <file.ts> [args...]
       ts-otp check [-p tsconfig.json] [tsc options...]

  Runs a TypeScript program that uses ts-otp's receive DSL (switch (receive<Msg>()) { ... }),
  compiled on the fly, with stack traces at the program's own lines.
  check type-checks a project that uses the DSL with the project's own tsc (5.9, 6 or 7).`;

const [command, file, ...args] = process.argv.slice(2);

if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
  process.exit(0);
}
if (command === "check") {
  // ts-otp check [-p tsconfig.json]: the project's own tsc over a compiled mirror (integrations/check.ts).
  const { loadSource } = (await import("node:module")).createRequire(import.meta.url)("../integrations/load-source.cjs");
  process.exit(loadSource("../integrations/check.ts", import.meta.url).main(process.argv.slice(3)));
}
if (command !== "run" || file === undefined) {
  console.error(USAGE);
  process.exit(2);
}

await import("../integrations/register.mjs");

const entry = path.resolve(file);
process.argv = [process.argv[0], entry, ...args];
try {
  await import(pathToFileURL(entry).href);
} catch (error) {
  if (error?.code === "ERR_TS_OTP_COMPILE") {
    // A DSL mistake: the message lists file:line:col - error OTPxxxx for each; no stack needed.
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
