// A program that can never progress says so: when Node's event loop is empty (no timer, no I/O)
// while ts-otp processes are still alive, nothing can wake them. `ts-otp run` then names each
// blocked process and what it waits in on stderr, and exits with status 1 instead of 0 silently.
// (Erlang has no equivalent: a BEAM node stays up with its processes waiting.) Real subprocesses.

import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { node, relativeImport, REPO, scratch } from "./doors/helpers.js";

const CLI = path.join(REPO, "bin/ts-otp.js");

function run(name: string, body: string, env: NodeJS.ProcessEnv = {}) {
  const dir = scratch();
  const file = path.join(dir, name);
  const runtime = JSON.stringify(relativeImport(dir, "runtime/index.js"));
  writeFileSync(file, `import { spawn, send, self, register, sleep, wait, join, exit, receive, after, receiveWith, type Pid, type Proc } from ${runtime};\n${body}`);
  return node([CLI, "run", file], { cwd: dir, env });
}

describe("a program that can never progress (ts-otp run)", () => {
  it("names every blocked process and what it waits in on stderr, and exits with status 1", () => {
    const r = run("deadlock.ts", `
function* server(): Proc {
  switch (receive<["ping", Pid]>()) {
    case ["ping", From]:
      send(From, "pong");
      return server();
  }
}
function* client(s: Pid): Proc {
  send(s, "not a ping");
  switch (receive<"pong">()) {
    case "pong":
      return;
  }
}
const s = spawn(server);
register("srv", s);
spawn(client, s);
spawn(function* sleeper() { yield* sleep(Infinity); });
spawn(function* waiter() { yield* wait(new Promise(() => {})); });
console.log("started");
`);
    expect(r.stdout).toBe("started\n");
    expect(r.stderr).toContain("ts-otp: the program cannot progress: 4 processes are blocked, and no timer, runnable process or pending I/O is left to wake them:\n");
    expect(r.stderr).toMatch(/<0\.1\.0> \(srv\) in receive, 1 message in its mailbox \(none matches\); function server\n/);
    expect(r.stderr).toMatch(/<0\.2\.0> in receive, 0 messages in its mailbox; function client\n/);
    expect(r.stderr).toMatch(/<0\.3\.0> in sleep\(Infinity\); function sleeper\n/);
    expect(r.stderr).toMatch(/<0\.4\.0> in wait\(promise\), a promise that never settled; function waiter\n/);
    expect(r.stderr).toMatch(/Exiting with status 1\.\n$/);
    expect(r.status).toBe(1);
  });

  it("a process awaited with join at top level: the report comes instead of Node's unsettled-await exit", () => {
    const r = run("join.ts", `
const reason = await join(spawn(function* main() { yield* receiveWith(() => false); }));
console.log("never printed", reason);
`);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/1 process is blocked.*\n  <0\.1\.0> in receive, 0 messages in its mailbox; function main\n/);
    expect(r.status).toBe(1);
  });

  it("a program whose processes all end exits 0 with nothing on stderr; a process waiting with a timeout is not reported", () => {
    const r = run("ok.ts", `
function* main(): Proc {
  switch (receive<"never">()) {
    case "never":
      return;
    case after(20):
      console.log("timed out");
  }
}
console.log(await join(spawn(main)));
spawn(function* () { yield* receiveWith(() => false, 50); console.log("woke"); });
setTimeout(() => console.log("a later host timer"), 80);
`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("timed out\nnormal\nwoke\na later host timer\n");
    expect(r.status).toBe(0);
  });

  it("TS_OTP_FREEZE=1 turns on the frozen-messages development mode for the whole program", () => {
    const body = `
const p = spawn(function* () { yield* receiveWith(() => true); });
const msg = { items: [1] };
send(p, msg);
try { msg.items.push(2); console.log("mutated"); } catch (e) { console.log(String(e).split(":")[0]); }
`;
    expect(run("freeze.ts", body, { TS_OTP_FREEZE: "1" }).stdout).toBe("TypeError\n"); // "mutated" without it
  });
});
