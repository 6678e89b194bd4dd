// A DSL program run from the packed tarball: `npx ts-otp run main.ts` prints "pong 42" then
// "done: normal". Built by tsup (tsup.config.ts) it prints the same.
import { spawn, send, self, join, receive, after, type Pid, type Proc } from "ts-otp";

type Msg = [Pid, "ping", number] | ["stop"];

function* echo(): Proc {
  switch (receive<Msg>()) {
    case [From, "ping", N]:
      send(From, ["pong", N * 2]);
      return echo();
    case ["stop"]:
      return;
  }
}

const reason = await join(
  spawn(function* (): Proc {
    const server = spawn(echo);
    send(server, [self(), "ping", 21]);
    switch (receive<["pong", number]>()) {
      case ["pong", N]:
        console.log(`pong ${N}`);
        break;
      case after(1000):
        console.log("timeout");
    }
    send(server, ["stop"]);
  }),
);
console.log(`done: ${String(reason)}`);
