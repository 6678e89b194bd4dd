// heart: `ts-otp run --heart` restarts the whole program (same argv, same environment) when it
// dies of a fatal signal, an uncaught error, running out of memory or a frozen event loop, and
// lets every ending the program chose pass through (Erlang's heart: a separate OS process that
// restarts a node that crashed or stopped answering its heartbeats). Real subprocesses, real
// signals, a real frozen loop.

import { spawn as spawnChild } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const REPO = path.resolve(import.meta.dirname, "..");
const CLI = path.join(REPO, "bin/ts-otp.js");
const PROGRAM = path.join(REPO, "test/fixtures/heart/program.ts");

interface Run {
  dir: string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  heartPid: number;
}

function heart(flags: string[], mode: string, args: string[] = [], nodeArgs: string[] = []): Run {
  const dir = mkdtempSync(path.join(tmpdir(), "ts-otp-heart-"));
  const child = spawnChild(process.execPath, [...nodeArgs, CLI, "run", "--heart", ...flags, PROGRAM, dir, mode, ...args], {
    env: { ...process.env, HEART_TEST_ENV: "kept" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<Awaited<Run["done"]>>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { dir, done, heartPid: child.pid! };
}

/** The pid the program wrote on its nth run, once it has written it. */
async function pidOfRun(dir: string, n: number): Promise<number> {
  const file = path.join(dir, `pid.${n}`);
  for (let i = 0; i < 600; i++) {
    if (existsSync(file)) {
      const text = readFileSync(file, "utf8");
      if (text !== "") return Number(text);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the program's run ${n} never started`);
}

const heartLines = (stderr: string) => stderr.split("\n").filter((l) => / heart: /.test(l));
const runs = (dir: string) => Number(readFileSync(path.join(dir, "runs"), "utf8"));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("heart restarts a program that died, with its argv and environment", () => {
  it.each(["SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGABRT", "SIGKILL"] as const)(
    "a program killed by %s is started again",
    async (signal) => {
      const h = heart([], "wait", ["extra-arg"]);
      process.kill(await pidOfRun(h.dir, 1), signal);
      const r = await h.done;
      expect(r.code).toBe(0);
      expect(runs(h.dir)).toBe(2);
      // The second run saw exactly what the first did.
      expect(r.stdout).toContain(`run 2: ${JSON.stringify([h.dir, "wait", "extra-arg"])} HEART_TEST_ENV=kept`);
      const lines = heartLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`died of ${signal}`);
      expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z heart: .*restart 1;/);
    },
  );

  it("an uncaught error outside any process is a crash: restarted", async () => {
    const r = await heart([], "throw").done;
    expect(r.code).toBe(0);
    expect(heartLines(r.stderr)).toEqual([expect.stringContaining("uncaught error (uncaughtException, exit code 1)")]);
    expect(r.stdout).toContain("run 2:");
  });

  it("an unhandled rejection outside any process is a crash: restarted", async () => {
    const r = await heart([], "reject").done;
    expect(r.code).toBe(0);
    expect(heartLines(r.stderr)).toEqual([expect.stringContaining("uncaught error (unhandledRejection, exit code 1)")]);
  });

  it("running out of memory (V8 aborts) is a crash: restarted", async () => {
    // The child is started with heart's own node flags, so the small heap carries over.
    const r = await heart([], "oom", [], ["--max-old-space-size=32"]).done;
    expect(r.code).toBe(0);
    expect(heartLines(r.stderr)).toEqual([expect.stringContaining("died of SIGABRT")]);
    expect(r.stdout).toContain("run 2:");
  });

  it("a process that never yields freezes the event loop: no heartbeat, so heart kills and restarts the program", async () => {
    // A boot delay long enough for a start-up on a busy machine (start-up may block the loop).
    const h = heart(["--beat-timeout", "1.5", "--boot-delay", "8"], "hang");
    const frozen = await pidOfRun(h.dir, 1);
    const r = await h.done;
    expect(r.code).toBe(0);
    expect(alive(frozen)).toBe(false);
    expect(heartLines(r.stderr)).toEqual([expect.stringContaining("event loop froze (no heartbeat for 1.5 s)")]);
    expect(runs(h.dir)).toBe(2);
  });
});

describe("heart's restart intensity", () => {
  it("more than --max-restarts restarts within --period: heart gives up with a non-zero exit", async () => {
    const h = heart(["--max-restarts", "2", "--period", "60"], "always-segv");
    const r = await h.done;
    expect(r.code).toBe(1);
    // Two restarts allowed: three runs, then the third death is one too many.
    expect(runs(h.dir)).toBe(3);
    const lines = heartLines(r.stderr);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("restarting it (restart 1; 1 of 2 allowed within 60 s)");
    expect(lines[1]).toContain("restarting it (restart 2; 2 of 2 allowed within 60 s)");
    expect(lines[2]).toContain("giving up after 2 restarts within 60 s (--max-restarts 2)");
  });

  it("restarts older than --period no longer count", async () => {
    // Each run lives 700 ms before dying, longer than the 0.5 s period: never two in one window.
    const h = heart(["--max-restarts", "1", "--period", "0.5"], "segv-late", ["3", "700"]);
    const r = await h.done;
    expect(r.code).toBe(0);
    expect(runs(h.dir)).toBe(4);
    expect(heartLines(r.stderr).every((l) => l.includes("1 of 1 allowed"))).toBe(true);
  });
});

describe("what the program chose passes through heart unchanged", () => {
  it("an exit code the program chose is heart's exit code, with no restart", async () => {
    const h = heart([], "exit", ["7"]);
    const r = await h.done;
    expect(r.code).toBe(7);
    expect(runs(h.dir)).toBe(1);
    expect(heartLines(r.stderr)).toEqual([]);
  });

  it("a normal end ends heart with status 0", async () => {
    const h = heart([], "ok");
    const r = await h.done;
    expect(r.code).toBe(0);
    expect(runs(h.dir)).toBe(1);
    expect(heartLines(r.stderr)).toEqual([]);
  });

  it.each(["SIGTERM", "SIGINT"] as const)("%s sent to heart goes to the program and ends both", async (signal) => {
    const h = heart([], "wait");
    const program = await pidOfRun(h.dir, 1);
    process.kill(h.heartPid, signal);
    const r = await h.done;
    expect(r.signal).toBe(signal);
    expect(alive(program)).toBe(false);
    expect(runs(h.dir)).toBe(1);
    expect(heartLines(r.stderr)).toEqual([]);
  });

  it("no heartbeat check during the boot delay: a start-up that blocks the loop is not a hang", async () => {
    // The program's first 2 s block the loop (as a slow start-up does); the boot delay covers them.
    const h = heart(["--beat-timeout", "0.5", "--boot-delay", "15"], "block-then-ok", ["2000"]);
    const r = await h.done;
    expect(r.code).toBe(0);
    expect(runs(h.dir)).toBe(1);
    expect(heartLines(r.stderr)).toEqual([]);
  });

  it("a bad flag is a usage error, exit 2", async () => {
    const r = await heart(["--max-restarts", "lots"], "ok").done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-restarts needs a number >= 0, got "lots"');
  });
});
