#!/usr/bin/env node
// The ts-otp command: `ts-otp run file.ts [args...]` (or just `ts-otp file.ts [args...]`) runs a
// TypeScript program that uses the receive DSL; `--version`, `--help`. One table of subcommands
// (COMMANDS below): a new subcommand is one entry that loads its own module.
//
// `run` registers Node module hooks (../integrations/register.mjs -> node-hooks.mjs) that compile
// each .ts file the program loads (the DSL, then esbuild to strip types, cached on disk) and map
// NodeNext-style `./x.js` imports to `./x.ts`; source maps are on, so stack traces show the user's
// lines. The program sees `process.argv` as `[node, file.ts, ...args]`, as if run by node.
//
// Plain JavaScript with no build step, and nothing heavy at start-up: the compiler loads only
// when a file may use the DSL and is not already in the cache.

import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const USAGE = `usage: ts-otp run <file.ts> [args...]
       ts-otp <file.ts> [args...]      (the same as run)
       ts-otp --version | --help

  run   Runs a TypeScript program that uses ts-otp's receive DSL (switch (receive<Msg>()) { ... }),
        compiled on the fly (cached in node_modules/.cache/ts-otp), with stack traces at the
        program's own lines.`;

/** A problem with the command line itself: one line on stderr, exit status 1, no stack. */
function fail(message) {
  console.error(`ts-otp: ${message}`);
  process.exit(1);
}

/** `ts-otp run <file> [args...]` */
async function run([file, ...args]) {
  if (file === undefined) fail("run needs a file: ts-otp run <file.ts> [args...]");
  const entry = path.resolve(file);
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    fail(`cannot find ${file} (looked for ${entry})`);
  }
  if (stat.isDirectory()) fail(`${file} is a directory; give the program's entry file, e.g. ts-otp run ${path.join(file, "main.ts")}`);

  await import("../integrations/register.mjs");
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
}

/** Subcommands: name -> (args after the name) => Promise<void>. */
const COMMANDS = {
  run,
};

const [first, ...rest] = process.argv.slice(2);

if (first === "--help" || first === "-h" || first === "help") {
  console.log(USAGE);
} else if (first === "--version" || first === "-v") {
  const own = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  console.log(own.version);
} else if (first !== undefined && Object.hasOwn(COMMANDS, first)) {
  await COMMANDS[first](rest);
} else if (first !== undefined && !first.startsWith("-")) {
  // `ts-otp file.ts` means `ts-otp run file.ts`.
  await run([first, ...rest]);
} else {
  console.error(USAGE);
  process.exit(2);
}
