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
import { fileURLToPath, pathToFileURL } from "node:url";

const USAGE = `usage: ts-otp run [--heart [--max-restarts N] [--period S] [--beat-timeout S] [--boot-delay S]] <file.ts> [args...]

  Runs a TypeScript program that uses ts-otp's receive DSL (switch (receive<Msg>()) { ... }),
  compiled on the fly, with stack traces at the program's own lines.

  --heart             run it under a watchdog that restarts it when it dies of a fatal signal,
                      an uncaught error, running out of memory, or a frozen event loop
  --max-restarts N    give up after more than N restarts within the period (default 5)
  --period S          the period, in seconds (default 60)
  --beat-timeout S    a frozen event loop is one that sent no heartbeat for S seconds (default 60)
  --boot-delay S      do not check heartbeats during the first S seconds (default: the beat timeout)`;

const [command, ...afterCommand] = process.argv.slice(2);
let heartFlags;
if (command === "run") {
  const { parseHeartFlags, HeartUsageError } = await import("../heart/watchdog.mjs");
  try {
    heartFlags = parseHeartFlags(afterCommand);
  } catch (error) {
    if (!(error instanceof HeartUsageError)) throw error;
    console.error(`ts-otp: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const [file, ...args] = heartFlags?.rest ?? afterCommand;

if (command === "--help" || command === "-h" || command === "help") {
  console.log(USAGE);
  process.exit(0);
}
if (command !== "run" || file === undefined) {
  console.error(USAGE);
  process.exit(2);
}

if (heartFlags.heart) {
  // The watchdog stays a plain parent that loads no compiler; the program runs in a child started
  // exactly as this one was, minus the heart flags.
  const { runHeart } = await import("../heart/watchdog.mjs");
  runHeart([...process.execArgv, fileURLToPath(import.meta.url), "run", file, ...args], heartFlags.options);
} else {
  if (process.env.TS_OTP_HEART_FD !== undefined) await import("../heart/beat.mjs");
  await runProgram();
}

async function runProgram() {
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
}
