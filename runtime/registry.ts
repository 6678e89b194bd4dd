// The name registry: `register`, `unregister`, `whereis`. A name belongs to one live process;
// it is freed when the process dies.

import { BadArg, describe } from "./errors.js";
import { Pid, procOf, isPid } from "./pid.js";
import { extrasOf, Status, type Process } from "./process.js";

const names = new Map<string, Process>();

/** Registers `pid` under `name` (Erlang's `register/2`). BadArg if the name is taken, the pid dead, or already named. */
export function register(name: string, pid: Pid): true {
  if (typeof name !== "string" || name === "" || name === "undefined")
    throw new BadArg(`register(${describe(name)}, ...): a name must be a non-empty string other than "undefined" (badarg)`);
  if (!isPid(pid)) throw new BadArg(`register(${JSON.stringify(name)}, ${describe(pid)}): the second argument must be a pid (badarg)`);
  const p = procOf(pid);
  if (p === null || p.status === 5 /* Dead */) throw new BadArg(`register(${JSON.stringify(name)}, ${pid}): the process is not alive (badarg)`);
  const holder = names.get(name);
  if (holder !== undefined) throw new BadArg(`register(${JSON.stringify(name)}, ${pid}): the name is already registered to ${holder.pid} (badarg)`);
  const own = p.extras?.name;
  if (own !== undefined) throw new BadArg(`register(${JSON.stringify(name)}, ${pid}): the process is already registered as ${JSON.stringify(own)} (badarg)`);
  names.set(name, p);
  extrasOf(p).name = name;
  return true;
}

/** Removes a registered name (Erlang's `unregister/1`). BadArg if the name is not registered. */
export function unregister(name: string): true {
  const p = names.get(name);
  if (p === undefined) throw new BadArg(`unregister(${describe(name)}): no process is registered under that name (badarg)`);
  names.delete(name);
  p.extras!.name = undefined;
  return true;
}

/** The pid registered under `name`, or undefined (Erlang's `whereis/1`). */
export function whereis(name: string): Pid | undefined {
  return names.get(name)?.pid;
}

/** All registered names (Erlang's `registered/0`). */
export function registered(): string[] {
  return [...names.keys()];
}

/** @internal */
export function whereisProc(name: string): Process | undefined {
  return names.get(name);
}

/** @internal Frees the name of a dying process. */
export function releaseName(name: string): void {
  names.delete(name);
}
