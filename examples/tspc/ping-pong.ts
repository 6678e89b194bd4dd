// Ping-pong over the receive DSL, built by `tspc` with ts-otp's ts-patch plugin (tsconfig.json in
// this folder): tspc type-checks the *compiled* program, so `From` and `N` below are typed by
// narrowing against each receive's message type, and emits JavaScript that runs on plain Node.
//
//   npx tspc -p examples/tspc && node examples/tspc/dist/examples/tspc/ping-pong.js
//
// The plugin is loaded as "ts-otp/transformer", resolved from this folder: in an app that is the
// installed package; in this repository, link it first with
// `mkdir -p examples/tspc/node_modules && ln -s ../../.. examples/tspc/node_modules/ts-otp`
// (test/doors/tspc.test.ts builds a throwaway project that extends this tsconfig instead).

import { spawn, send, self, join, receive, after, type Pid, type Proc } from "../../runtime/index.js";

type PongMsg = [Pid, "ping", number] | ["stop"];
type PingMsg = ["pong", number];

function* pong(): Proc {
  switch (receive<PongMsg>()) {
    case [From, "ping", N]:
      send(From, ["pong", N]);
      return pong();
    case ["stop"]:
      return;
  }
}

function* ping(server: Pid, n: number, log: string[]): Proc {
  if (n === 0) {
    send(server, ["stop"]);
    return;
  }
  send(server, [self(), "ping", n]);
  switch (receive<PingMsg>()) {
    case ["pong", N]:
      log.push(`pong ${N.toFixed(0)}`);
      return ping(server, n - 1, log);
    case after(1000):
      throw new Error("no pong within a second");
  }
}

const log: string[] = [];
const server = spawn(pong);
const reason = await join(spawn(ping, server, 3, log));
console.log(`${log.join(", ")} | ping exited: ${String(reason)}`);
