// Pids and refs: the unforgeable names of processes and monitors.
// A Pid holds its process in a private field that only the runtime can read (through the accessors
// exported below, which the public barrel does not re-export); when the process dies the field is
// cleared, so a dead pid keeps nothing alive and every message sent to it is dropped.

import type { Process } from "./process.js";

const TOKEN = Symbol("ts-otp/pid-token");
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** @internal */ export let procOf: (pid: Pid) => Process | null;
/** @internal */ export let detach: (pid: Pid) => void;
/**
 * @internal The process behind `x` if `x` is a pid (null once it died), undefined if `x` is not a
 * pid. A private-brand check: in V8 far cheaper than `instanceof` on the send hot path.
 */
export let pidTarget: (x: unknown) => Process | null | undefined;
/** Whether `x` is a pid (a private-brand check, cheaper than `instanceof Pid` in V8). */
export let isPid: (x: unknown) => x is Pid;

/**
 * A process identifier. Compare pids with `===`; print them with `String(pid)` (`<0.42.0>`).
 * Pids cannot be constructed by user code: `spawn` returns them and `self()` names the caller.
 */
export class Pid {
  readonly id: number;
  #proc: Process | null;

  /** @internal */
  constructor(token: symbol, id: number, proc: Process | null) {
    if (token !== TOKEN) throw new TypeError("Pid cannot be constructed: pids come from spawn(), spawnLink() or self()");
    this.id = id;
    this.#proc = proc;
  }

  toString(): string {
    return `<0.${this.id}.0>`;
  }
  toJSON(): string {
    return this.toString();
  }
  [INSPECT](): string {
    return this.toString();
  }

  static {
    procOf = (pid) => pid.#proc;
    isPid = (x): x is Pid => typeof x === "object" && x !== null && #proc in x;
    pidTarget = (x) => (typeof x === "object" && x !== null && #proc in x ? (x as Pid).#proc : undefined);
    detach = (pid) => {
      pid.#proc = null;
    };
  }
}

let nextPid = 1;
/** @internal */
export function newPid(proc: Process): Pid {
  return new Pid(TOKEN, nextPid++, proc);
}

/**
 * The pid that stands for code running outside any process (plain async code, a test body).
 * It is never alive: exit signals sent from outside name it as their sender, messages to it are dropped.
 */
export const HOST: Pid = new Pid(TOKEN, 0, null);

let nextRef = 1;
/** A unique reference, as returned by `monitor`. Compare with `===`. */
export class Ref {
  readonly id: number;
  /** @internal */
  constructor(token: symbol) {
    if (token !== TOKEN) throw new TypeError("Ref cannot be constructed: refs come from monitor() or makeRef()");
    this.id = nextRef++;
  }
  toString(): string {
    return `#Ref<0.0.0.${this.id}>`;
  }
  toJSON(): string {
    return this.toString();
  }
  [INSPECT](): string {
    return this.toString();
  }
}

/** A fresh unique reference (Erlang's `make_ref()`), e.g. to tag a request and select its reply. */
export function makeRef(): Ref {
  return new Ref(TOKEN);
}
