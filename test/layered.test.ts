// The layered example (examples/layered): the allocator as a gen_server under a two-level
// supervision tree, an HTTP front with a process per request, and heart over the whole program.
// Each layer's rule is checked by running the example for real, and its README's output is
// checked against what the example prints.

import { spawn as spawnChild, execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { exit, join, MatchError, monitor, receiveWith, setLogger, sleep, spawn, unlink, whereis, type Call, type Proc } from "../runtime/index.js";
import * as server from "../otp/server.js";
import * as allocator from "../examples/layered/allocator.js";

const REPO = path.resolve(import.meta.dirname, "..");
const CLI = path.join(REPO, "bin/ts-otp.js");
const MAIN = path.join(REPO, "examples/layered/main.ts");

describe("the walk through the layers", () => {
  it("prints what its README shows: each layer corrects the failure of the one below", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, "run", MAIN]);
    const readme = readFileSync(path.join(REPO, "examples/layered/README.md"), "utf8");
    const shown = /prints \(the crash[^\n]*\n\n```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(stdout.trimEnd()).toBe(shown);
    // A client's crash: r1 back in the free list, nothing allocated.
    expect(stdout).toMatch(/then crashes\n {3}free=\[r1,r2,r3\] allocated=\[\]/);
    // The give-up: resources exceeded its intensity, and top restarted it.
    expect(stderr).toContain('supervisor: resources\n    errorContext: shutdown\n    reason: "reached_max_restart_intensity"');
    expect(stderr).toMatch(/supervisor: top\n {4}errorContext: child_terminated\n {4}reason: "shutdown"/);
  });
});

/** Runs `body` in a process beside a fresh allocator (r1, r2, r3); crash reports silenced. */
async function withAllocator<T>(body: () => Call<T>): Promise<T> {
  let out: T | undefined;
  const prev = setLogger(() => {});
  try {
    const reason = await join(
      spawn(function* (): Proc {
        yield* allocator.startLink(["r1", "r2", "r3"]);
        out = yield* body();
        yield* server.stop(allocator.NAME);
      }),
    );
    expect(reason).toBe("normal");
  } finally {
    setLogger(prev);
  }
  return out as T;
}

/** Spawns a client, waits until it is down, and returns the allocator's state then. */
function* afterCrash(client: () => Proc): Call<allocator.State> {
  const ref = monitor(spawn(client));
  yield* receiveWith((m: unknown) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref);
  return yield* allocator.state();
}

describe("the allocator server", () => {
  it("a client holding two resources that releases one stays linked, so the other comes back when it crashes", async () => {
    const s = await withAllocator(() =>
      afterCrash(function* () {
        const a = yield* allocator.alloc();
        yield* allocator.alloc();
        if (a !== "no") allocator.release(a[1]);
        yield* allocator.state(); // the release (a cast) is handled before this call returns
        throw new Error("crashed holding r2");
      }),
    );
    expect(s.allocated).toEqual([]);
    expect([...s.free].sort()).toEqual(["r1", "r2", "r3"]);
  });

  it("a crashed client's resources come back and another client's stay allocated", async () => {
    const s = await withAllocator(function* () {
      const holder = spawn(function* (): Proc {
        yield* allocator.alloc();
        yield* receiveWith(() => true); // holds r1 until the test ends
      });
      // Let the holder take r1 first.
      while ((yield* allocator.state()).allocated.length === 0) yield* sleep(1);
      const state = yield* afterCrash(function* () {
        yield* allocator.alloc();
        yield* allocator.alloc();
        throw new Error("crashed holding r2 and r3");
      });
      exit(holder, "kill");
      return state;
    });
    expect(s.allocated.map(([r]) => r)).toEqual(["r1"]);
    expect([...s.free].sort()).toEqual(["r2", "r3"]);
  });

  it("a release of a resource the client does not hold crashes the server (the page's delete has no clause for it)", async () => {
    const reason = await withAllocator(function* () {
      const pid = whereis(allocator.NAME)!;
      unlink(pid); // the test process is the server's parent: watch it die instead of dying with it
      const ref = monitor(pid);
      allocator.release("r9");
      const down = (yield* receiveWith((m: unknown) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref)) as unknown[];
      yield* allocator.startLink(["r1"]); // so that withAllocator's stop finds one
      return down[4];
    });
    expect(reason).toBeInstanceOf(MatchError);
  });
});

describe("the HTTP front under heart", () => {
  it("serves a process per request, answers 500 for a crashed one, and comes back after kill -SEGV", async () => {
    const child = spawnChild(process.execPath, [CLI, "run", "--heart", MAIN, "serve", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const serving = async (n: number) => {
      for (let i = 0; i < 600; i++) {
        const all = [...stdout.matchAll(/serving on (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+)\)/g)];
        if (all.length >= n) return { url: all[n - 1]![1]!, pid: Number(all[n - 1]![2]) };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`run ${n} never started serving:\n${stderr}`);
    };
    try {
      const first = await serving(1);
      const ok = await fetch(`${first.url}/alloc?hold=5`);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { resource: string }).resource).toBe("r1");
      const crashed = await fetch(`${first.url}/crash`);
      expect(crashed.status).toBe(500);
      expect(await (await fetch(`${first.url}/state`)).json()).toEqual({ free: ["r1", "r2", "r3"], allocated: [] });

      process.kill(first.pid, "SIGSEGV");
      const second = await serving(2);
      expect(second.pid).not.toBe(first.pid);
      expect(stderr).toMatch(/heart: it died of SIGSEGV; restarting it \(restart 1;/);
      expect((await fetch(`${second.url}/alloc`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe("SIGTERM");
  });
});
