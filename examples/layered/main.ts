// The layered example: `ts-otp run examples/layered/main.ts` walks through the failures each
// layer handles; `... main.ts serve [port]` runs the HTTP front (put it under `--heart` for the
// top layer). See this folder's README for the runs.

import { after, join, monitor, receive, self, sleep, spawn, whereis, type Call, type Pid, type Proc, type Ref } from "../../runtime/index.js";
import * as supervisor from "../../otp/supervisor.js";
import * as allocator from "./allocator.js";
import * as tree from "./tree.js";

const say = (line: string) => console.log(line);

function* demo(): Proc {
  const top = yield* tree.top();
  say(`started: top ${top}, allocator ${whereis(allocator.NAME)} with ${tree.RESOURCES.join(",")}`);

  say("\n1. A client crashes holding a resource: the allocator gets it back.");
  yield* finished(
    spawn(function* (): Proc {
      const got = yield* allocator.alloc();
      say(`   client ${self()} allocated ${JSON.stringify(got)}, then crashes`);
      throw new Error("client bug");
    }),
  );
  say(`   ${show(yield* allocator.state())}`);

  say("\n2. A client holds two, releases one, then crashes: it stayed linked, so both come back.");
  yield* finished(
    spawn(function* (): Proc {
      const a = yield* allocator.alloc();
      const b = yield* allocator.alloc();
      if (a === "no" || b === "no") return;
      allocator.release(a[1]);
      say(`   client ${self()} allocated ${a[1]} and ${b[1]}, released ${a[1]}: ${show(yield* allocator.state())}`);
      throw new Error("client bug");
    }),
  );
  say(`   ${show(yield* allocator.state())}`);

  say("\n3. The allocator crashes (a release of r9, which nobody holds): `resources` restarts it.");
  let old = whereis(allocator.NAME)!;
  allocator.release("r9");
  say(`   allocator ${old} -> ${yield* restarted(old)}; ${show(yield* allocator.state())}`);

  say("\n4. It keeps crashing: past 2 restarts in 5 s `resources` gives up, and `top` restarts that subtree.");
  const resourcesBefore = yield* childPid(top, "resources");
  for (let i = 0; i < 2; i++) {
    old = whereis(allocator.NAME)!;
    allocator.release("r9");
    const next = yield* restarted(old);
    say(`   allocator ${old} -> ${next}; resources ${resourcesBefore} -> ${yield* childPid(top, "resources")}`);
  }
  say(`   ${show(yield* allocator.state())}`);
}

function* finished(pid: Pid): Call<void> {
  const ref = monitor(pid);
  switch (receive<["DOWN", Ref, "process", Pid, unknown]>()) {
    case ["DOWN", ref, "process", _, _Reason]:
      return;
  }
}

/** Waits until the allocator's name points at a process other than `old`. */
function* restarted(old: Pid): Call<Pid> {
  for (;;) {
    const now = whereis(allocator.NAME);
    if (now !== undefined && now !== old) return now;
    yield* sleep(1);
  }
}

function* childPid(sup: Pid, id: string): Call<Pid | undefined> {
  return (yield* supervisor.whichChildren(sup)).find((c) => c.id === id)?.pid;
}

function show(s: allocator.State): string {
  return `free=[${s.free.join(",")}] allocated=[${s.allocated.map(([r, p]) => `${r}:${p}`).join(",")}]`;
}

function* serve(port: number): Proc {
  yield* tree.top({ port, onListening: (p) => say(`serving on http://127.0.0.1:${p} (pid ${process.pid})`) });
  // The top supervisor is linked to this process: if `top` itself gives up, so does the program.
  switch (receive<never>()) {
    case after(Infinity):
      return;
  }
}

const [mode, port] = process.argv.slice(2);
await join(mode === "serve" ? spawn(serve, Number(port ?? 8080)) : spawn(demo));
