// The example of docs/otp.md (test/docs.test.ts checks the page shows it as it is, and runs it):
// a counter gen_server and a worker under a one_for_one supervisor. Run it: ts-otp run examples/otp.ts

import * as server from "../otp/server.js";
import * as supervisor from "../otp/supervisor.js";
import { pathToFileURL } from "node:url";
import { spawnLink, receiveWith, join, spawn, type Proc } from "../runtime/index.js";

const counter: server.Behaviour<number> = {
  init: (start: number) => ["ok", start],
  handleCall: (req, _from, n) => (req === "next" ? ["reply", n + 1, n + 1] : ["reply", n, n]),
  handleCast: (by: number, n) => ["noreply", n + by],
};

function* worker(): Proc {
  yield* receiveWith((m) => m === "stop"); // a transient child: "normal" ends it for good
}

export function* main(): Proc<number> {
  const sup = yield* supervisor.startLink({ strategy: "one_for_one", intensity: 3, period: 5 }, [
    { id: "counter", start: () => server.startLink(counter, [0], { name: "counter" }) },
    { id: "worker", start: () => spawnLink(worker), restart: "transient", shutdown: 1000 },
  ]);
  server.cast("counter", 41);
  const n = yield* server.call<number>("counter", "next"); // 42
  yield* server.stop(sup); // its children first, in reverse start order
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await join(spawn(function* () {
    console.log("counter says", yield* main());
  }));
}
