// A counter server over the receive DSL, bundled by tsup (see tsup.config.ts).
import { spawn, send, self, join, receive, after, type Pid, type Proc } from "../../runtime/index.js";

type CounterMsg = ["inc", number] | [Pid, "get"] | "stop";

function* counter(total: number): Proc {
  switch (receive<CounterMsg>()) {
    case ["inc", N]:
      return counter(total + N);
    case [From, "get"]:
      send(From, ["total", total]);
      return counter(total);
    case "stop":
      return;
  }
}

function* client(server: Pid): Proc {
  for (const n of [1, 2, 3]) send(server, ["inc", n]);
  send(server, [self(), "get"]);
  switch (receive<["total", number]>()) {
    case ["total", T]:
      console.log(`total ${T}`);
      break;
    case after(1000):
      console.log("no answer");
  }
  send(server, "stop");
}

const server = spawn(counter, 0);
await join(spawn(client, server));
await join(server);
console.log("bundled by tsup: done");
