// Deep-freezing a message, for the development mode configure({ freezeMessages: true }): messages
// are shared between sender and receiver, not copied as Erlang's are, so a mutation after sending
// would be seen by the receiver; frozen, it throws a TypeError where it happens (modules are strict).

import { isPid } from "./pid.js";

/**
 * Freezes `v` and everything reachable through its own properties. Pids and refs are the runtime's
 * and already immutable to user code; typed arrays cannot be frozen (their elements stay writable);
 * Map and Set are frozen as objects, but their entries stay mutable (documented).
 */
export function deepFreeze(v: unknown): void {
  if (typeof v !== "object" || v === null) return;
  const stack: object[] = [v];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (seen.has(o) || isPid(o) || ArrayBuffer.isView(o)) continue;
    seen.add(o);
    for (const key of Reflect.ownKeys(o)) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d !== undefined && "value" in d && typeof d.value === "object" && d.value !== null) stack.push(d.value);
    }
    if (o instanceof Map) for (const [k, x] of o) for (const e of [k, x]) if (typeof e === "object" && e !== null) stack.push(e);
    if (o instanceof Set) for (const e of o) if (typeof e === "object" && e !== null) stack.push(e);
    Object.freeze(o);
  }
}
