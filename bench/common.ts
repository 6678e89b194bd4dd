// What the sides of the benchmark share: workload names, sizes (full and QUICK), and the
// one-JSON-line result format that bench/run.ts collects. The Erlang side (bench/erlang/bench.erl)
// keeps the same sizes and field names by hand. NOTE: keep in step with bench/erlang/bench.erl.

export const WORKLOADS = [
  "spawn",
  "ring",
  "ring-small",
  "pingpong",
  "selective",
  "link-chain",
  "fan-in",
  "monitor",
] as const;
export type Workload = (typeof WORKLOADS)[number];

/**
 * The OTP rows: ts-otp/supervisor and ts-otp/server against OTP's supervisor and gen_server
 * (bench/otp.ts, bench/erlang/bench.erl). The floor has no behaviours, so these rows have no floor
 * (nor a separate compiled-receive column: the behaviours are compiled DSL already).
 */
export const OTP_WORKLOADS = ["sup-restart", "gen-call"] as const;
export type OtpWorkload = (typeof OTP_WORKLOADS)[number];

export interface OtpSizes {
  /** sup-restart: restarts timed, in batches of `restartBatch` per supervisor (intensity = batch). */
  restarts: number;
  restartBatch: number;
  /** gen-call: sequential calls from one client. */
  calls: number;
}

export const OTP_FULL: OtpSizes = { restarts: 100_000, restartBatch: 100, calls: 1_000_000 };
export const OTP_QUICK: OtpSizes = { restarts: 5_000, restartBatch: 100, calls: 100_000 };

export interface Sizes {
  /** spawn: waiting processes */
  spawn: number;
  /** ring: processes x rounds */
  ringN: number;
  ringM: number;
  /** ring-small: processes x rounds */
  ringSmallN: number;
  ringSmallM: number;
  /** pingpong: round trips */
  pingpong: number;
  /** selective: unmatched messages in the mailbox, receives timed */
  junk: number;
  receives: number;
  /** link-chain: processes */
  chain: number;
  /** fan-in: linked children */
  fanin: number;
  /** monitor: spawn + monitor + DOWN cycles */
  monitor: number;
}

export const FULL: Sizes = {
  spawn: 1_000_000,
  ringN: 10_000,
  ringM: 1_000,
  ringSmallN: 100,
  ringSmallM: 100_000,
  pingpong: 1_000_000,
  junk: 10_000,
  receives: 5_000,
  chain: 100_000,
  fanin: 100_000,
  monitor: 1_000_000,
};

export const QUICK: Sizes = {
  spawn: 100_000,
  ringN: 10_000,
  ringM: 50,
  ringSmallN: 100,
  ringSmallM: 5_000,
  pingpong: 100_000,
  junk: 10_000,
  receives: 100,
  chain: 10_000,
  fanin: 10_000,
  monitor: 100_000,
};

/** One measurement, printed as one JSON line prefixed with `RESULT ` on stdout. */
export interface Result {
  impl: string;
  workload: Workload | OtpWorkload;
  /** The workload's size (processes, round trips, hops, receives ...). */
  n: number;
  /** Wall time of the timed part, in milliseconds. */
  ms: number;
  /** Primary figure; see `unit` for what it is (a rate "/s": higher is better; otherwise lower is). */
  value: number;
  unit: string;
  /** spawn only: heap bytes per idle process. */
  bytesPerProc?: number;
}

export function parseArgs(argv: string[]): { workload: Workload; sizes: Sizes } {
  const workload = argv[2] as Workload;
  if (!WORKLOADS.includes(workload)) {
    console.error(`usage: ${argv[1]} <${WORKLOADS.join("|")}> [quick|full]`);
    process.exit(2);
  }
  const quick = argv[3] === "quick" || (argv[3] === undefined && process.env.QUICK === "1");
  return { workload, sizes: quick ? QUICK : FULL };
}

export function report(r: Result): void {
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}

export const now = (): number => performance.now();

/** Heap in use after a full collection (needs `node --expose-gc`). */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run node with --expose-gc to measure memory");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Turns the timed part of a workload into its Result. */
export function figure(impl: string, workload: Workload, s: Sizes, ms: number, bytesPerProc?: number): Result {
  switch (workload) {
    case "spawn":
      return { impl, workload, n: s.spawn, ms, value: (s.spawn / ms) * 1000, unit: "spawns/s", bytesPerProc };
    case "ring":
      return { impl, workload, n: s.ringN * s.ringM, ms, value: ((s.ringN * s.ringM) / ms) * 1000, unit: "hops/s" };
    case "ring-small":
      return {
        impl,
        workload,
        n: s.ringSmallN * s.ringSmallM,
        ms,
        value: ((s.ringSmallN * s.ringSmallM) / ms) * 1000,
        unit: "hops/s",
      };
    case "pingpong":
      return { impl, workload, n: s.pingpong, ms, value: (s.pingpong / ms) * 1000, unit: "round trips/s" };
    case "selective":
      return { impl, workload, n: s.receives, ms, value: (ms * 1e6) / (s.receives * s.junk), unit: "ns/skipped msg" };
    case "link-chain":
      return { impl, workload, n: s.chain, ms, value: ms, unit: "ms" };
    case "fan-in":
      return { impl, workload, n: s.fanin, ms, value: ms, unit: "ms" };
    case "monitor":
      return { impl, workload, n: s.monitor, ms, value: (s.monitor / ms) * 1000, unit: "cycles/s" };
  }
}
