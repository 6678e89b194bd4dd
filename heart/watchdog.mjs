// heart, the watchdog side: `ts-otp run --heart file.ts` runs the program as a child process and
// starts it again, with the same argv and environment, when it dies of a fatal signal, an uncaught
// error, running out of memory, or a frozen event loop. Everything else the program does to end
// (its own exit code, SIGINT/SIGTERM sent to heart) passes through unchanged.
//
// Why a separate parent rather than catching SIGSEGV and re-exec'ing in place: a Node process
// cannot safely run JavaScript after SIGSEGV/SIGBUS (V8's state is unknown), a frozen event loop
// cannot notice it is frozen, and SIGKILL cannot be caught at all. Erlang's heart is a separate
// OS process for the same reasons. Plain JavaScript, so the watchdog loads no compiler.
//
// Contract with ./beat.mjs (the child side), over the child's fd 3 (a pipe):
//   "b\n"           a heartbeat, written by a timer on the child's event loop
//   "u <origin>\n"  written synchronously when an error escapes everything (uncaughtException)

import { spawn } from "node:child_process";
import { constants } from "node:os";

/** Deaths heart restarts the program after (Erlang's heart restarts a node that dies of any of them). */
export const FATAL_SIGNALS = new Set(["SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGABRT", "SIGKILL"]);
/** Signals heart forwards to the program and then ends with it. */
const ENDING_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];

export const DEFAULTS = Object.freeze({ maxRestarts: 5, periodS: 60, beatTimeoutS: 60 });

/**
 * Options as parsed from the command line.
 * `bootDelayS` undefined means "the beat timeout".
 * @typedef {{ maxRestarts: number, periodS: number, beatTimeoutS: number, bootDelayS?: number }} HeartOptions
 */

/**
 * Parses heart's flags off the front of `args` (everything after `run`), stopping at the first
 * argument that is not one of them: that is the program's file.
 * @param {string[]} args
 * @returns {{ heart: boolean, options: HeartOptions, rest: string[] }}
 */
export function parseHeartFlags(args) {
  const options = { ...DEFAULTS };
  let heart = false;
  let i = 0;
  const number = (flag, value, min) => {
    const n = Number(value);
    if (value === undefined || value === "" || !Number.isFinite(n) || n < min) {
      throw new HeartUsageError(`${flag} needs a number >= ${min}, got ${value === undefined ? "nothing" : JSON.stringify(value)}`);
    }
    return n;
  };
  for (; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const value = () => (inline !== undefined ? inline : args[++i]);
    if (flag === "--heart") heart = true;
    else if (flag === "--max-restarts") options.maxRestarts = Math.floor(number(flag, value(), 0));
    else if (flag === "--period") options.periodS = number(flag, value(), 0);
    else if (flag === "--beat-timeout") options.beatTimeoutS = number(flag, value(), 0.05);
    else if (flag === "--boot-delay") options.bootDelayS = number(flag, value(), 0);
    else break;
  }
  const rest = args.slice(i);
  if (!heart && i > 0) throw new HeartUsageError(`${args[0]} only makes sense with --heart`);
  return { heart, options, rest };
}

export class HeartUsageError extends Error {
  name = "HeartUsageError";
}

/**
 * Runs `argv` (node's own arguments for the child: execArgv, the CLI script, `run`, the file and
 * its arguments) under the watchdog until the program ends by its own choice or heart gives up.
 * Never returns: it ends the heart process the way the program ended.
 * @param {string[]} argv
 * @param {HeartOptions} options
 * @param {{ log?: (line: string) => void }} [io]
 */
export function runHeart(argv, options, io = {}) {
  const log = io.log ?? ((line) => process.stderr.write(line + "\n"));
  const beatTimeoutMs = options.beatTimeoutS * 1000;
  // Erlang's heart does not check beats during a boot delay (HEART_BEAT_BOOT_DELAY): start-up may
  // block the event loop legitimately. Here it does: on Node >= 22 the module hooks run on their
  // own thread and the main thread waits while each module of the program is compiled.
  const bootDelayMs = (options.bootDelayS ?? options.beatTimeoutS) * 1000;
  // Beat four times per timeout, but at most once a second: cheap for the program, and a late
  // beat or two under load never looks like a hang.
  const beatEveryMs = Math.max(10, Math.min(1000, Math.floor(beatTimeoutMs / 4)));
  /** Times of the restarts still inside the period (the intensity window, as a supervisor's). */
  let restarts = [];
  let total = 0;
  /** Set when heart itself was told to end: the next exit of the program passes through. */
  let ending = false;
  let child;

  const start = () => {
    const env = { ...process.env, TS_OTP_HEART_FD: "3", TS_OTP_HEART_BEAT_MS: String(beatEveryMs) };
    child = spawn(process.execPath, argv, { stdio: ["inherit", "inherit", "inherit", "pipe"], env });
    const run = { startedAt: Date.now(), lastBeat: Date.now(), uncaught: undefined, hung: false };
    let pending = "";
    child.stdio[3].setEncoding("utf8");
    child.stdio[3].on("data", (chunk) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line === "b") run.lastBeat = Date.now();
        else if (line.startsWith("u ")) run.uncaught = line.slice(2);
      }
    });
    // A broken pipe after the child died is expected; nothing to report.
    child.stdio[3].on("error", () => {});
    const watch = setInterval(() => {
      const now = Date.now();
      if (run.hung || now - run.startedAt < bootDelayMs || now - run.lastBeat <= beatTimeoutMs) return;
      run.hung = true;
      child.kill("SIGKILL");
    }, Math.min(beatEveryMs, 250));
    child.on("exit", (code, signal) => {
      clearInterval(watch);
      onExit(run, code, signal);
    });
  };

  const onExit = (run, code, signal) => {
    const cause = ending
      ? undefined
      : run.hung
        ? `its event loop froze (no heartbeat for ${options.beatTimeoutS} s); heart killed it`
        : run.uncaught !== undefined
          ? `it died of an uncaught error (${run.uncaught}, exit code ${code})`
          : signal !== null && FATAL_SIGNALS.has(signal)
            ? `it died of ${signal}${signal === "SIGABRT" ? " (V8 also aborts this way when out of memory)" : ""}`
            : undefined;
    if (cause === undefined) return passThrough(code, signal);
    const now = Date.now();
    restarts = restarts.filter((t) => now - t < options.periodS * 1000);
    if (restarts.length >= options.maxRestarts) {
      log(`${new Date(now).toISOString()} heart: ${cause}; giving up after ${restarts.length} restarts within ${options.periodS} s (--max-restarts ${options.maxRestarts})`);
      process.exit(1);
    }
    restarts.push(now);
    total++;
    log(`${new Date(now).toISOString()} heart: ${cause}; restarting it (restart ${total}; ${restarts.length} of ${options.maxRestarts} allowed within ${options.periodS} s)`);
    start();
  };

  const passThrough = (code, signal) => {
    if (signal === null) process.exit(code ?? 0);
    // End the way the program ended: with its signal (the shell then sees 128+n, as without heart).
    for (const s of ENDING_SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    // A signal whose default action does not end a process: exit as a shell reports a signal death.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 1000).unref();
  };

  for (const s of ENDING_SIGNALS) {
    process.on(s, () => {
      ending = true;
      child.kill(s);
    });
  }
  start();
}
