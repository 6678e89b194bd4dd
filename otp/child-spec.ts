// Supervisor flags and child specifications: their types, OTP's defaults, and the checks that turn
// a bad spec into an error naming the field and the fix (before any process is started).

import { describe, type Call, type Pid } from "../runtime/index.js";

export type Strategy = "one_for_one" | "one_for_all" | "rest_for_one" | "simple_one_for_one";
export type Restart = "permanent" | "transient" | "temporary";
export type Shutdown = number | "brutal_kill" | "infinity";
export type ChildType = "worker" | "supervisor";

export interface SupFlags {
  strategy: Strategy;
  /** Most restarts allowed within `period` seconds (default 1). */
  intensity?: number;
  /** Seconds (default 5). */
  period?: number;
  /** Register the supervisor under this name. */
  name?: string;
}

export interface ChildSpec {
  id: string;
  /** Starts the child LINKED to the caller (the supervisor): returns its pid, or a Call that does (e.g. server.startLink). */
  start: (...extra: any[]) => Pid | Call<Pid>;
  /** Default "permanent". */
  restart?: Restart;
  /** Milliseconds to wait after exit(child, "shutdown") before killing it, "brutal_kill" or "infinity". Default 5000 for a worker, "infinity" for a supervisor. */
  shutdown?: Shutdown;
  /** Default "worker". */
  type?: ChildType;
}

/** A child spec with every default filled in. */
export interface FullSpec {
  id: string;
  start: (...extra: any[]) => Pid | Call<Pid>;
  restart: Restart;
  shutdown: Shutdown;
  type: ChildType;
}

export interface FullFlags {
  strategy: Strategy;
  intensity: number;
  period: number;
  name: string | undefined;
}

const STRATEGIES: Strategy[] = ["one_for_one", "one_for_all", "rest_for_one", "simple_one_for_one"];
const RESTARTS: Restart[] = ["permanent", "transient", "temporary"];
const TYPES: ChildType[] = ["worker", "supervisor"];

export function checkFlags(flags: SupFlags, api: string): FullFlags {
  if (typeof flags !== "object" || flags === null)
    throw new TypeError(`${api}: flags must be an object { strategy, intensity?, period?, name? }, got ${describe(flags)}`);
  const { strategy, intensity = 1, period = 5, name } = flags;
  if (!STRATEGIES.includes(strategy))
    throw new TypeError(`${api}: flags.strategy must be one of ${STRATEGIES.map((s) => `"${s}"`).join(", ")}, got ${describe(strategy)}`);
  if (!Number.isInteger(intensity) || intensity < 0)
    throw new TypeError(`${api}: flags.intensity must be an integer >= 0 (restarts allowed per period), got ${describe(intensity)}`);
  if (typeof period !== "number" || !(period > 0))
    throw new TypeError(`${api}: flags.period must be a number of seconds > 0, got ${describe(period)}`);
  if (name !== undefined && (typeof name !== "string" || name === ""))
    throw new TypeError(`${api}: flags.name must be a non-empty string, got ${describe(name)}`);
  return { strategy, intensity, period, name };
}

export function checkSpec(spec: ChildSpec, api: string): FullSpec {
  if (typeof spec !== "object" || spec === null)
    throw new TypeError(`${api}: a child spec must be an object { id, start, restart?, shutdown?, type? }, got ${describe(spec)}`);
  const where = `${api}: child spec ${typeof spec.id === "string" ? JSON.stringify(spec.id) : describe(spec.id)}`;
  if (typeof spec.id !== "string" || spec.id === "") throw new TypeError(`${where}: id must be a non-empty string`);
  if (typeof spec.start !== "function")
    throw new TypeError(`${where}: start must be a function that starts the child linked to the supervisor, e.g. () => spawnLink(worker)`);
  const { restart = "permanent", type = "worker" } = spec;
  if (!RESTARTS.includes(restart)) throw new TypeError(`${where}: restart must be "permanent", "transient" or "temporary", got ${describe(restart)}`);
  if (!TYPES.includes(type)) throw new TypeError(`${where}: type must be "worker" or "supervisor", got ${describe(type)}`);
  const shutdown = spec.shutdown ?? (type === "worker" ? 5000 : "infinity");
  if (!(shutdown === "brutal_kill" || shutdown === "infinity" || (Number.isInteger(shutdown) && (shutdown as number) >= 0)))
    throw new TypeError(`${where}: shutdown must be a whole number of milliseconds >= 0, "brutal_kill" or "infinity", got ${describe(shutdown)}`);
  return { id: spec.id, start: spec.start, restart, shutdown, type };
}

export function checkSpecs(flags: FullFlags, specs: ChildSpec[], api: string): FullSpec[] {
  if (!Array.isArray(specs)) throw new TypeError(`${api}: children must be an array of child specs, got ${describe(specs)}`);
  if (flags.strategy === "simple_one_for_one" && specs.length !== 1)
    throw new TypeError(`${api}: a simple_one_for_one supervisor takes exactly one child spec (the template its startChild uses), got ${specs.length}`);
  const seen = new Set<string>();
  return specs.map((s) => {
    const full = checkSpec(s, api);
    if (seen.has(full.id)) throw new TypeError(`${api}: two child specs have the id ${JSON.stringify(full.id)}: ids must be unique`);
    seen.add(full.id);
    return full;
  });
}
