// A table from monitor refs to processes, sized for the common case: none (null), a few (a flat
// [ref, proc, ref, proc, ...] array, possibly empty: no hashing, no Map allocation, cheap to walk at
// death), and many (a Map, past 8 entries, so a server monitored by thousands keeps O(1) demonitor).

import type { Ref } from "./pid.js";
import type { Process } from "./process.js";

export type RefTable = (Ref | Process)[] | Map<Ref, Process> | null;

const SMALL = 16; // 8 pairs

export function tableAdd(t: RefTable, ref: Ref, p: Process): RefTable {
  if (t === null) return [ref, p];
  if (Array.isArray(t)) {
    if (t.length < SMALL) {
      t.push(ref, p);
      return t;
    }
  } else return t.set(ref, p);
  const m = new Map<Ref, Process>();
  for (let i = 0; i < t.length; i += 2) m.set(t[i] as Ref, t[i + 1] as Process);
  return m.set(ref, p);
}

export function tableGet(t: RefTable, ref: Ref): Process | undefined {
  if (t === null) return undefined;
  if (!Array.isArray(t)) return t.get(ref);
  for (let i = 0; i < t.length; i += 2) if (t[i] === ref) return t[i + 1] as Process;
  return undefined;
}

/**
 * Removes `ref`; returns the table to keep. An emptied array is kept, not dropped: a process that
 * monitors one process after another (a gen_server call is monitor, receive, demonitor) then
 * reuses it instead of allocating a table per monitor. The pairs after the removed one move down
 * in place (order kept; no `splice`, which allocates an array of what it removes).
 */
export function tableDelete(t: RefTable, ref: Ref): RefTable {
  if (t === null) return null;
  if (!Array.isArray(t)) {
    t.delete(ref);
    return t.size === 0 ? null : t;
  }
  const n = t.length;
  for (let i = 0; i < n; i += 2) {
    if (t[i] === ref) {
      for (let j = i + 2; j < n; j++) t[j - 2] = t[j]!;
      t.pop(); // two pops, not `length = n - 2`: V8 inlines pop, a length write is a runtime call
      t.pop();
      break;
    }
  }
  return t;
}

export function tableForEach(t: RefTable, f: (ref: Ref, p: Process) => void): void {
  if (t === null) return;
  if (t instanceof Map) t.forEach((p, ref) => f(ref, p));
  else for (let i = 0; i < t.length; i += 2) f(t[i] as Ref, t[i + 1] as Process);
}

export function tableSize(t: RefTable): number {
  return t === null ? 0 : t instanceof Map ? t.size : t.length >> 1;
}
