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
import { fileURLToPath, pathToFileURL } from "node:url";

const USAGE = `usage: ts-otp run [heart options] <file.ts> [args...]
       ts-otp <file.ts> [args...]      (the same as run)
       ts-otp check [-p tsconfig.json] [tsc options...]
       ts-otp --version | --help

  run   Runs a TypeScript program that uses ts-otp's receive DSL (switch (receive<Msg>()) { ... }),
        compiled on the fly (cached in node_modules/.cache/ts-otp), with stack traces at the
        program's own lines.

  check Type-checks a project that uses the DSL with the project's own tsc (5.9, 6 or 7): DSL
        files compiled into a mirror, errors printed at your own files, lines and columns.

  heart options (run):
  --heart             run it under a watchdog that restarts it when it dies of a fatal signal,
                      an uncaught error, running out of memory, or a frozen event loop
  --max-restarts N    give up after more than N restarts within the period (default 5)
  --period S          the period, in seconds (default 60)
  --beat-timeout S    a frozen event loop is one that sent no heartbeat for S seconds (default 60)
  --boot-delay S      do not check heartbeats during the first S seconds (default: the beat timeout)`;

/** A problem with the command line itself: one line on stderr, exit status 1, no stack. */
function fail(message) {
  console.error(`ts-otp: ${message}`);
  process.exit(1);
}

/** `ts-otp run [heart options] <file> [args...]` */
async function run(argv) {
  const { parseHeartFlags, HeartUsageError } = await import("../heart/watchdog.mjs");
  let heart;
  try {
    heart = parseHeartFlags(argv);
  } catch (error) {
    if (!(error instanceof HeartUsageError)) throw error;
    console.error(`ts-otp: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const [file, ...args] = heart.rest;
  if (file === undefined) fail("run needs a file: ts-otp run <file.ts> [args...]");
  const entry = path.resolve(file);
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    fail(`cannot find ${file} (looked for ${entry})`);
  }
  if (stat.isDirectory()) fail(`${file} is a directory; give the program's entry file, e.g. ts-otp run ${path.join(file, "main.ts")}`);

  if (heart.heart) {
    // The watchdog stays a plain parent that loads no compiler; the program runs in a child started
    // exactly as this one was, minus the heart flags.
    const { runHeart } = await import("../heart/watchdog.mjs");
    runHeart([...process.execArgv, fileURLToPath(import.meta.url), "run", file, ...args], heart.options);
    return;
  }
  if (process.env.TS_OTP_HEART_FD !== undefined) await import("../heart/beat.mjs");
  await import("../integrations/register.mjs");
  await import("../integrations/stall-report.mjs"); // a program that can never progress says so on exit
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

/** `ts-otp check [-p tsconfig.json]`: the project's own tsc over a compiled mirror (integrations/check.ts). */
async function check(args) {
  const { createRequire } = await import("node:module");
  const own = createRequire(import.meta.url)("../integrations/load-source.cjs");
  process.exit(own.loadOwn("integrations/check").main(args));
}

/** Subcommands: name -> (args after the name) => Promise<void>. */
const COMMANDS = {
  run,
  check,
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
