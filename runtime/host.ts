// What the runtime needs from its host, found on globalThis so the runtime imports nothing from
// `node:` and runs in browsers and other JS runtimes: a clock and a macrotask hop.

export const now: () => number =
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? () => performance.now()
    : () => Date.now();

/**
 * Runs `fn` as a macrotask, after pending I/O and timers get their turn: setImmediate where it
 * exists (Node, Bun), a MessageChannel in browsers, setTimeout(0) elsewhere.
 */
export const macrotask: (fn: () => void) => void = (() => {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === "function") {
    const si = g.setImmediate;
    return (fn: () => void) => void si(fn);
  }
  if (typeof MessageChannel !== "undefined") {
    const ch = new MessageChannel();
    const queue: (() => void)[] = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return (fn: () => void) => {
      queue.push(fn);
      ch.port2.postMessage(0);
    };
  }
  return (fn: () => void) => void setTimeout(fn, 0);
})();
