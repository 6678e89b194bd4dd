// Process timers (receive timeouts and sleeps): a binary min-heap of deadlines behind one host
// timer, so a million waiting receives cost one setTimeout, and a cancelled timer leaves the heap
// at once (nothing lingers after its process is gone).

import { now } from "./host.js";

export interface Timer {
  at: number;
  /** Position in the heap, -1 once fired or cancelled. */
  idx: number;
  fire: (t: Timer) => void;
  owner: unknown;
}

/**
 * The longest delay a host timer takes (2^31-1 ms, Node's and browsers' limit: past it Node warns
 * and fires after 1 ms). Erlang's timeouts go to 2^32-1 ms, so a later deadline is reached by
 * chaining host timers: one fires at the cap, finds nothing due, and arms the next.
 */
const HOST_MAX_DELAY = 2147483647;

const heap: Timer[] = [];
let hostHandle: ReturnType<typeof setTimeout> | undefined;
let hostAt = Infinity;
/**
 * Whether the host timer is only being kept (the heap emptied before it fired). A call with a
 * timeout arms a timer and cancels it when the reply comes: clearing the host timer then, and
 * setting a new one at the next call, was a clearTimeout and a setTimeout per gen_server call.
 * Where the host's timers can be unreferenced (Node, Bun, Deno), the host timer stays armed,
 * unreferenced so that it holds no program open, and the next timer that is not due before it
 * takes it back; when it fires with nothing due, it simply ends.
 */
let kept = false;

type HostTimer = { ref?: () => unknown; unref?: () => unknown };

/** Schedules `fire(timer)` after `ms` milliseconds (a finite number >= 0: the operations check first). */
export function addTimer(ms: number, owner: unknown, fire: (t: Timer) => void): Timer {
  // One NaN deadline would break the heap's order for every process; refuse rather than poison it.
  if (!(ms >= 0 && ms < Infinity)) throw new TypeError(`internal: addTimer(${String(ms)}): a timer needs a finite delay >= 0`);
  const t: Timer = { at: now() + ms, idx: heap.length, fire, owner };
  heap.push(t);
  up(t.idx);
  arm();
  return t;
}

export function cancelTimer(t: Timer): void {
  const i = t.idx;
  if (i < 0) return;
  t.idx = -1;
  const last = heap.pop()!;
  if (last !== t) {
    heap[i] = last;
    last.idx = i;
    down(i);
    up(last.idx);
  }
  if (heap.length === 0 && hostHandle !== undefined) {
    const h = hostHandle as unknown as HostTimer;
    if (typeof h.unref === "function") {
      h.unref();
      kept = true;
    } else {
      clearTimeout(hostHandle);
      hostHandle = undefined;
      hostAt = Infinity;
    }
  }
}

export function timerCount(): number {
  return heap.length;
}

function arm(): void {
  const at = heap[0]!.at;
  if (hostHandle !== undefined) {
    if (hostAt <= at) {
      if (kept) {
        (hostHandle as unknown as HostTimer).ref!();
        kept = false;
      }
      return;
    }
    clearTimeout(hostHandle);
  }
  kept = false;
  hostAt = at;
  hostHandle = setTimeout(onHostTimer, Math.min(HOST_MAX_DELAY, Math.max(0, at - now())));
}

function onHostTimer(): void {
  hostHandle = undefined;
  hostAt = Infinity;
  kept = false;
  const t0 = now();
  while (heap.length > 0 && heap[0]!.at <= t0 + 0.5) {
    const t = heap[0]!;
    cancelTimer(t);
    t.fire(t);
  }
  if (heap.length > 0) arm();
}

function up(i: number): void {
  const t = heap[i]!;
  while (i > 0) {
    const pi = (i - 1) >> 1;
    const p = heap[pi]!;
    if (p.at <= t.at) break;
    heap[i] = p;
    p.idx = i;
    i = pi;
  }
  heap[i] = t;
  t.idx = i;
}

function down(i: number): void {
  const n = heap.length;
  const t = heap[i]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap[c + 1]!.at < heap[c]!.at) c++;
    const child = heap[c]!;
    if (child.at >= t.at) break;
    heap[i] = child;
    child.idx = i;
    i = c;
  }
  heap[i] = t;
  t.idx = i;
}
