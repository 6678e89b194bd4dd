// The CLI door: `ts-otp run file.ts [args]` compiles the DSL on the fly (Node module hooks), maps
// NodeNext-style `./x.js` imports to `./x.ts`, passes the args through, and stack traces point at
// the user's own lines.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lineOf, node, relativeImport, REPO, scratch } from "./helpers.js";

const CLI = path.join(REPO, "bin/ts-otp.js");

function program(dir: string): string {
  return `// a DSL program run by the CLI
import { spawn, send, self, join, receive, after, type Pid, type Proc } from ${JSON.stringify(relativeImport(dir, "runtime/index.js"))};
import { double } from "./double.js";

type Msg = [Pid, "ping", number] | ["stop"];

function* echo(): Proc {
  switch (receive<Msg>()) {
    case [From, "ping", N]:
      send(From, ["pong", double(N)]);
      return echo();
    case ["stop"]:
      return;
  }
}

function* main(args: string[]): Proc {
  const server = spawn(echo);
  for (const a of args) {
    send(server, [self(), "ping", Number(a)]);
    switch (receive<["pong", number]>()) {
      case ["pong", N]:
        if (process.env.CRASH) throw new Error("planted crash");
        console.log(\`pong \${N}\`);
        break;
      case after(1000):
        console.log("timeout");
    }
  }
  send(server, ["stop"]);
}

const reason = await join(spawn(main, process.argv.slice(2)));
console.log(\`main exited: \${String(reason)}; argv[1] = \${process.argv[1]}\`);
`;
}

describe("the CLI (ts-otp run)", () => {
  const dir = scratch();
  const main = path.join(dir, "main.ts");
  const source = program(dir);
  writeFileSync(main, source);
  writeFileSync(path.join(dir, "double.ts"), "export const double = (n: number): number => n * 2;\n");

  it("runs a DSL program, with its arguments, importing ./double.js from double.ts", () => {
    const r = node([CLI, "run", main, "1", "21"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`pong 2\npong 42\nmain exited: normal; argv[1] = ${main}\n`);
    expect(r.status).toBe(0);
  });

  it("shows a crash's stack at the original line and column", () => {
    // The error is thrown in a case body of a compiled receive; the runtime logs the crash.
    const r = node([CLI, "run", "main.ts", "1"], { cwd: dir, env: { CRASH: "1" } });
    expect(r.stdout).toBe(`main exited: Error: planted crash; argv[1] = ${main}\n`);
    const line = lineOf(source, "planted crash");
    const column = source.split("\n")[line - 1]!.indexOf("new Error") + 1;
    expect(r.stderr).toContain("Error: planted crash");
    expect(r.stderr).toContain(`(${main}:${line}:${column})`);
  });

  it("reports a DSL mistake as file:line:col with its code, exit status 1", () => {
    const bad = path.join(dir, "bad.ts");
    writeFileSync(bad, source.replace('case ["stop"]:', "case [String(x)]:"));
    const r = node([CLI, "run", bad], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const line = lineOf(source, 'case ["stop"]:');
    expect(r.stderr).toMatch(new RegExp(`^ts-otp: .*bad\\.ts does not compile:\\n.*bad\\.ts:${line}:11 - error OTP1010: `));
  });

  it("prints its usage with no arguments or an unknown option, exit status 2", () => {
    for (const args of [[], ["--frobnicate"]]) {
      const r = node([CLI, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^usage: ts-otp run \[heart options\] <file\.ts> \[args\.\.\.\]/);
    }
  });

  it("prints its version (the package's) with --version", () => {
    const r = node([CLI, "--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).version}\n`);
  });

  it("runs `ts-otp file.ts` as `ts-otp run file.ts`", () => {
    const r = node([CLI, "main.ts", "3"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`pong 6\nmain exited: normal; argv[1] = ${main}\n`);
  });

  it("says in one line, without a stack, that a file is missing or is a directory; exit status 1", () => {
    const missing = node([CLI, "run", "nope.ts"], { cwd: dir });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`ts-otp: cannot find nope.ts (looked for ${path.join(dir, "nope.ts")})\n`);
    const folder = node([CLI, dir]);
    expect(folder.status).toBe(1);
    expect(folder.stderr).toMatch(/^ts-otp: .* is a directory; give the program's entry file, e\.g\. ts-otp run .*main\.ts\n$/);
  });

  it("caches compiled output on disk: a second run reads it, a changed file is compiled again", () => {
    const cacheDir = path.join(scratch(), "cache");
    const env = { TS_OTP_CACHE_DIR: cacheDir };
    expect(node([CLI, "run", "main.ts", "1"], { cwd: dir, env }).stdout).toMatch(/^pong 2\n/);
    const cached = () => readdirSync(cacheDir).filter((f) => f.endsWith(".js"));
    const before = cached();
    // The program, double.ts and the runtime modules it imports from source: one entry each.
    const doubles = before.filter((f) => readFileSync(path.join(cacheDir, f), "utf8").includes("n * 2"));
    expect(doubles.length).toBe(1);
    // A cached entry is what runs: plant a marker in double.ts's and see it on the next run.
    const entry = path.join(cacheDir, doubles[0]!);
    writeFileSync(entry, `console.log("from the cache");\n` + readFileSync(entry, "utf8"));
    expect(node([CLI, "run", "main.ts", "1"], { cwd: dir, env }).stdout).toMatch(/^from the cache\npong 2\n/);
    // An edit changes the key: that file alone is compiled afresh.
    writeFileSync(path.join(dir, "double.ts"), "export const double = (n: number): number => n * 3;\n");
    try {
      expect(node([CLI, "run", "main.ts", "1"], { cwd: dir, env }).stdout).toMatch(/^pong 3\n/);
      expect(cached().length).toBe(before.length + 1);
    } finally {
      writeFileSync(path.join(dir, "double.ts"), "export const double = (n: number): number => n * 2;\n");
    }
  });

  it("never fails a run over its cache: TS_OTP_CACHE=0 writes nothing, an unusable folder is skipped", () => {
    const cacheDir = path.join(scratch(), "cache");
    const off = node([CLI, "run", "main.ts", "1"], { cwd: dir, env: { TS_OTP_CACHE: "0", TS_OTP_CACHE_DIR: cacheDir } });
    expect(off.stdout).toMatch(/^pong 2\n/);
    expect(existsSync(cacheDir)).toBe(false);
    const notAFolder = path.join(scratch(), "a-file");
    writeFileSync(notAFolder, "");
    const r = node([CLI, "run", "main.ts", "1"], { cwd: dir, env: { TS_OTP_CACHE_DIR: path.join(notAFolder, "cache") } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^pong 2\n/);
  });

  it("loads TypeScript only for a file that may use the DSL (the pre-check runs first)", () => {
    // A preload in every thread (the module hooks run in their own) logs each require of typescript.
    const work = scratch();
    const log = path.join(work, "log");
    const preload = path.join(work, "preload.cjs");
    writeFileSync(preload, `const M = require("node:module"); const load = M._load;
M._load = function (request, ...rest) {
  if (request === "typescript") require("node:fs").appendFileSync(${JSON.stringify(log)}, "typescript\\n");
  return load.call(this, request, ...rest);
};
`);
    writeFileSync(path.join(work, "plain.ts"), "const n: number = 21;\nconsole.log(n * 2);\n");
    writeFileSync(path.join(work, "uses-dsl.ts"), "import { match } from " + JSON.stringify(relativeImport(work, "runtime/index.js")) + ";\nconsole.log(typeof match);\n");
    const env = { TS_OTP_CACHE: "0", NODE_OPTIONS: `--require ${preload}` };
    expect(node([CLI, "run", "plain.ts"], { cwd: work, env }).stdout).toBe("42\n");
    expect(existsSync(log)).toBe(false);
    expect(node([CLI, "run", "uses-dsl.ts"], { cwd: work, env }).stdout).toBe("function\n");
    expect(readFileSync(log, "utf8")).toContain("typescript"); // the probe does see a load
  });

  it("runs the allocator example (npm start)", () => {
    const r = node([CLI, "run", "examples/allocator.ts"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^top_recover: r1 came back/m);
  });
});
