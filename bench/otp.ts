// The OTP rows against ts-otp/supervisor and ts-otp/server, written as a user would. Those modules
// are compiled DSL, so this file runs through ts-otp's own Node hooks, not tsx:
//
//   node --import ./integrations/register.mjs bench/otp.ts <sup-restart|gen-call> [quick|full]
//
// NOTE: keep in step with bench/erlang/bench.erl (sup_restart, gen_call): same shapes and sizes.
//  - sup-restart: a one_for_one supervisor with one permanent child (a plain linked process that
//    tells the root it runs, then waits); the root makes it exit, and the time is taken until the
//    new child's "running" reaches the root. Batches of 100 restarts per supervisor (intensity 100,
//    a fresh supervisor per batch, started and stopped outside the timed part), so the restart
//    history a supervisor keeps stays short on both sides. Reports are silenced on both sides.
//  - gen-call: one client makes K sequential calls to a server that replies at once.

import { join, receiveWith, self, send, setLogger, spawn, spawnLink, exit, unlink, monitor, type Pid, type Proc } from "../runtime/index.js";
import * as supervisor from "../otp/supervisor.js";
import * as server from "../otp/server.js";
import { now, OTP_FULL, OTP_QUICK, OTP_WORKLOADS, report, type OtpSizes, type OtpWorkload } from "./common.js";

interface Out {
  ms: number;
}

const isRunning = (m: unknown): m is ["running", Pid] => Array.isArray(m) && m[0] === "running";
const isDown = (m: unknown): boolean => Array.isArray(m) && m[0] === "DOWN";

function* child(root: Pid): Proc {
  send(root, ["running", self()]);
  yield* receiveWith((m) => m === "crash");
  exit("crash");
}

function* supRestartRoot(s: OtpSizes, out: Out): Proc {
  const root = self();
  let ms = 0;
  for (let done = 0; done < s.restarts; done += s.restartBatch) {
    const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: s.restartBatch, period: 3600 }, [
      { id: "c", start: () => spawnLink(child, root) },
    ]);
    let [, pid] = yield* receiveWith(isRunning);
    const t0 = now();
    for (let i = 0; i < s.restartBatch; i++) {
      send(pid, "crash");
      [, pid] = yield* receiveWith(isRunning);
    }
    ms += now() - t0;
    unlink(sup);
    const ref = monitor(sup);
    exit(sup, "shutdown");
    yield* receiveWith((m) => isDown(m) && (m as unknown[])[1] === ref);
  }
  out.ms = ms;
}

const echo: server.Behaviour<null> = {
  init: () => ["ok", null],
  handleCall: (req, _from, s) => ["reply", req, s],
};

function* genCallRoot(s: OtpSizes, out: Out): Proc {
  const pid = yield* server.startLink(echo, []);
  const t0 = now();
  for (let i = 0; i < s.calls; i++) yield* server.call(pid, i); // the default 5 s timeout, as gen_server:call/2
  out.ms = now() - t0;
  yield* server.stop(pid);
}

const workload = process.argv[2] as OtpWorkload;
if (!OTP_WORKLOADS.includes(workload)) {
  console.error(`usage: ${process.argv[1]} <${OTP_WORKLOADS.join("|")}> [quick|full]`);
  process.exit(2);
}
const sizes = process.argv[3] === "quick" ? OTP_QUICK : OTP_FULL;
setLogger(() => {}); // every restart is a supervisor report; the BEAM side silences its logger too
const out: Out = { ms: NaN };
const reason = await join(spawn(workload === "sup-restart" ? supRestartRoot : genCallRoot, sizes, out));
if (reason !== "normal") throw new Error(`the benchmark's root process exited with ${String(reason)}`);
if (workload === "sup-restart")
  report({ impl: "ts-otp", workload, n: sizes.restarts, ms: out.ms, value: (out.ms * 1000) / sizes.restarts, unit: "us/restart" });
else report({ impl: "ts-otp", workload, n: sizes.calls, ms: out.ms, value: (sizes.calls / out.ms) * 1000, unit: "calls/s" });
process.exit(0);
