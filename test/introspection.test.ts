// Introspection as Erlang has it: processes(), process_info/1 (status, message queue, links,
// monitors, trap_exit, registered name, current function), is_process_alive/1.

import { describe, expect, it } from "vitest";
import { spawn, processes, processInfo, isAlive, link, monitor, register, trapExit, send, self, exit, receiveWith, join, type Proc } from "../runtime/index.js";

describe("introspection", () => {
  it("processInfo reports status, mailbox, links, monitors, trap_exit, name and current function", async () => {
    function* server_loop(): Proc {
      yield* receiveWith((m) => m === "stop");
    }
    const srv = spawn(server_loop);
    let info: ReturnType<typeof processInfo>;
    const observer = spawn(function* (): Proc {
      trapExit(true);
      link(srv);
      monitor(srv);
      register("observed_srv", srv);
      send(srv, "queued");
      yield* receiveWith(() => false, 10);
      info = processInfo(srv);
      expect(processInfo(self())!.status).toBe("running");
      expect(processInfo(self())!.trapExit).toBe(true);
      send(srv, "stop");
      yield* receiveWith(() => true);
    });
    await join(observer);
    expect(info!).toMatchObject({
      pid: srv,
      status: "waiting",
      messageQueueLen: 1,
      messages: ["queued"],
      links: [observer],
      monitoredBy: [observer],
      trapExit: false,
      registeredName: "observed_srv",
      currentFunction: "server_loop",
    });
    expect(processInfo(srv)).toBeUndefined();
    expect(isAlive(srv)).toBe(false);
  });

  it("processes() lists exactly the live processes", async () => {
    function* waiter(): Proc {
      yield* receiveWith(() => true);
    }
    const a = spawn(waiter);
    const b = spawn(waiter);
    expect(processes()).toEqual(expect.arrayContaining([a, b]));
    const bDown = join(b);
    exit(b, "kill");
    await bDown;
    expect(processes()).toContain(a);
    expect(processes()).not.toContain(b);
    exit(a, "kill");
  });

  it("the runtime imports nothing from node: (it runs in browsers and other JS runtimes)", async () => {
    const { readdirSync, readFileSync } = await import("node:fs");
    const dir = new URL("../runtime/", import.meta.url);
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .filter((f) => /from\s+["'](node:|fs|path|os|events|timers)/.test(readFileSync(new URL(f, dir), "utf8")));
    expect(offenders).toEqual([]);
  });
});
