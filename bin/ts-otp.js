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

  Runs a TypeScript program that uses ts-otp's receive DSL (switch (receive<Msg>()) { ... }),
  compiled on the fly, with stack traces at the program's own lines.`;

const [command, file, ...args] = process.argv.slice(2);

if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
  process.exit(0);
}
if (command !== "run" || file === undefined) {
  console.error(USAGE);
  process.exit(2);
}

await import("../integrations/register.mjs");
await import("../integrations/stall-report.mjs"); // a program that can never progress says so on exit

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
