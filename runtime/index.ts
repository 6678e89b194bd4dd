// ts-otp's runtime: Erlang's process model over generators. Usable as a plain library; the
// receive compiler (ts-otp/transformer) targets the same primitives.

import "./signals.js"; // installs termination and crash hooks into the scheduler
import "./stall.js"; // makes this runtime's stall report reachable by host hooks (the CLI's)

export { Pid, Ref, makeRef, HOST } from "./pid.js";
export { BadArg, NoProc, NotInProcess, ProcessExit, TimeoutValue, SystemLimit, MAX_TIMEOUT, describe } from "./errors.js";
export { spawn, spawnLink, spawnMonitor, self, type ProcFn } from "./spawn.js";
export { send } from "./messaging.js";
export { register, unregister, whereis, registered } from "./registry.js";
export { receiveWith, recv, lastClause, sleep, wait, TIMEOUT, type Timeout, type Op, type Proc, type Call, type TailCall, type Suspend } from "./ops.js";
export { exit, trapExit, link, unlink } from "./signals.js";
export { monitor, demonitor } from "./monitors.js";
export { join } from "./join.js";
export { configure, type Config } from "./config.js";
export { call } from "./call.js";
export { processes, processInfo, isAlive, systemInfo, enterFunction, type ProcessInfo, type SystemInfo } from "./introspection.js";
export { setLogger, defaultLogger, logReport, type CrashReport, type SupervisorReport, type Report, type Logger } from "./logger.js";
export type { Matcher } from "./mailbox.js";
export { receive, match, after, MatchError, DslNotCompiled } from "./dsl.js";
export { PREEMPT, preemptDue } from "./protocol.js";
export type { Narrow, At, Path, Bind, BindRest } from "./match-types.js";
