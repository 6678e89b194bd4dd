// heart, the program side: when `ts-otp run --heart` started this process, send heartbeats from
// the event loop and report an error that escapes everything, both over the pipe heart gave us
// (see ./watchdog.mjs for the contract). Loaded by the CLI before the program; does nothing when
// the process was not started by heart.

import { writeSync } from "node:fs";

const fd = Number(process.env.TS_OTP_HEART_FD);
const every = Number(process.env.TS_OTP_HEART_BEAT_MS);
// The program sees the environment it was started with, not heart's plumbing (and a child
// process it starts does not inherit a pipe number that means nothing there).
delete process.env.TS_OTP_HEART_FD;
delete process.env.TS_OTP_HEART_BEAT_MS;

if (Number.isInteger(fd) && fd > 2 && every > 0) {
  const say = (line) => {
    try {
      writeSync(fd, line + "\n");
    } catch {
      // heart is gone (EPIPE): nobody to tell; the program carries on as without heart.
    }
  };
  // A timer on the event loop: if a process never yields, the loop freezes and the beats stop,
  // which is exactly what heart watches for. unref'd so it never keeps a finished program alive.
  setInterval(() => say("b"), every).unref();
  say("b");
  // Synchronous, before Node prints the error and exits: an uncaught error is a crash to restart
  // after, while the same exit code chosen with process.exit() passes through.
  process.on("uncaughtExceptionMonitor", (_error, origin) => say(`u ${origin}`));
}
