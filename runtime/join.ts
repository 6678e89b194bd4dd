// The bridge from plain async code to processes: await a process's exit reason.

import { Pid, procOf } from "./pid.js";
import { extrasOf } from "./process.js";

/**
 * Resolves with the exit reason of the process (`"normal"` when its function returned, the thrown
 * Error when it crashed, `["nocatch", v]` when it threw any other value `v`, the reason given to
 * exit(reason) or carried by the exit signal that killed it). A pid that is already dead
 * resolves with `"noproc"`.
 *
 * @example
 * const pid = spawn(main);
 * const reason = await join(pid);
 */
export function join(pid: Pid): Promise<unknown> {
  const p = procOf(pid);
  if (p === null || p.status === 5 /* Dead */) return Promise.resolve("noproc");
  return new Promise((resolve) => (extrasOf(p).joiners ??= []).push(resolve));
}
