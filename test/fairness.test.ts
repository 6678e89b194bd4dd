// The scheduler never starves its host: while a process messages itself forever, timers,
// promises and sockets keep running (a real setTimeout and a real HTTP request on loopback).

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { spawn, send, self, receiveWith, exit, join, type Proc } from "../runtime/index.js";

describe("fairness with the host event loop", () => {
  it("a setTimeout and an HTTP request on loopback complete while a process spins on its own messages", async () => {
    let spins = 0;
    const busy = spawn(function* (): Proc {
      send(self(), "again");
      for (;;) {
        yield* receiveWith(() => true);
        spins++;
        send(self(), "again");
      }
    });

    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    const timerDelay = performance.now() - t0;
    const spinsAtTimer = spins;

    const server = createServer((_req, res) => res.end("pong"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    await new Promise((r) => server.close(r));

    const busyDown = join(busy);
    exit(busy, "kill");
    expect(await busyDown).toBe("killed");
    expect(body).toBe("pong");
    // The busy process really ran meanwhile (how much depends on the machine's load: the slices are
    // cut by time, so a starved timer no longer means half a million spins before it fires).
    expect(spinsAtTimer).toBeGreaterThan(10);
    expect(timerDelay).toBeLessThan(500); // a 20 ms timer is late by at most a few slices, not starved
  });
});
