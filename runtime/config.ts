// Runtime settings, set with configure(): the process limit (the BEAM's +P) and the development
// mode that deep-freezes messages at send. Read on the paths they guard, so a change applies at once.

import { BadArg, describe } from "./errors.js";

export interface Config {
  /**
   * The most processes alive at once (Erlang's `+P`, whose default is 1,048,576). Spawning past it
   * throws SystemLimit (`system_limit`) in the spawner, rather than running Node out of memory.
   */
  maxProcesses: number;
  /**
   * Development mode: `send` deep-freezes each message, so a sender (or a receiver) that mutates a
   * message after sending it gets a TypeError at the mutation. Messages are shared, not copied;
   * this makes that visible. Off by default (it costs a walk of each message); on when the
   * environment variable TS_OTP_FREEZE is "1".
   */
  freezeMessages: boolean;
}

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;

/** @internal The live settings; runtime modules read fields on their paths. */
export const config: Config = {
  maxProcesses: 1_048_576,
  freezeMessages: env?.TS_OTP_FREEZE === "1",
};

/**
 * Changes runtime settings; returns the previous ones (so a test can restore them).
 *
 * @example
 * configure({ maxProcesses: 10_000, freezeMessages: true });
 */
export function configure(settings: Partial<Config>): Config {
  const prev = { ...config };
  const { maxProcesses, freezeMessages } = settings;
  if (maxProcesses !== undefined) {
    if (!Number.isInteger(maxProcesses) || maxProcesses < 1)
      throw new BadArg(`configure({ maxProcesses: ${describe(maxProcesses)} }): the limit must be an integer >= 1 (badarg)`);
    config.maxProcesses = maxProcesses;
  }
  if (freezeMessages !== undefined) {
    if (typeof freezeMessages !== "boolean")
      throw new BadArg(`configure({ freezeMessages: ${describe(freezeMessages)} }): must be true or false (badarg)`);
    config.freezeMessages = freezeMessages;
  }
  return prev;
}
