// The type-check door: `ts-otp check` runs the project's OWN tsc (TypeScript 5.9, this repository's;
// TypeScript 6, and 7's native compiler, installed from npm on first run) over a compiled mirror of
// the project, and reports every error at the user's own file, line and column, with tsc's status.

import { spawnSync } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { lineOf, project, REPO, type Run } from "./helpers.js";
import { installed } from "./installs.js";

// Each test runs a whole TypeScript type-check in a subprocess, tens of seconds on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });

const CLI = path.join(REPO, "bin/ts-otp.js");

/** A DSL server (src/server.ts) and a plain file importing it (src/app.ts): the mirror must hold both. */
const SERVER = `import { spawn, send, self, join, receive, after, type Pid, type Proc } from "../runtime/index.js";
import { double } from "./double.js";

export type Msg = [Pid, "ping", number] | ["stop"];

export function* echo(): Proc {
  switch (receive<Msg>()) {
    case [From, "ping", N]:
      send(From, ["pong", double(N)]);
      return echo();
    case ["stop"]:
      return;
  }
}

export function* client(server: Pid): Proc {
  send(server, [self(), "ping", 21]);
  switch (receive<["pong", number]>()) {
    case ["pong", N]:
      console.log(N.toFixed(0));
      return;
    case after(1000):
      console.log("no answer");
  }
}

export const done = (p: Pid) => join(p);
export const start = (): Pid => spawn(echo);
`;

const FILES = {
  "package.json": '{ "type": "module" }\n',
  // The include list lives in the extended config, as in many projects: the mirror must follow it.
  "config/base.json": `{
  // shared options
  "compilerOptions": { "target": "ES2022", "module": "NodeNext", "strict": true, "skipLibCheck": true, "types": [], },
  "include": ["../src"],
}
`,
  "tsconfig.json": '{ "extends": "./config/base.json" }\n',
  "src/server.ts": SERVER,
  "src/double.ts": "export const double = (n: number): number => n * 2;\n",
  "src/app.ts": 'import { start, done, type Msg } from "./server.js";\nexport const stop: Msg = ["stop"];\nexport const run = () => done(start());\n',
};

function run(cmd: string[], cwd: string): Run {
  const r = spawnSync(process.execPath, cmd, { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A throwaway DSL project using the TypeScript package at `typescript`, with `files` changed. */
function dslProject(typescript: string, files: Record<string, string> = {}): string {
  const dir = project({ ...FILES, ...files });
  symlinkSync(typescript, path.join(dir, "node_modules/typescript"), "dir");
  symlinkSync(path.join(REPO, "node_modules/@types"), path.join(dir, "node_modules/@types"), "dir");
  // The runtime as the project's own folder (imported as ../runtime/index.js), so the check sees
  // the runtime's source the way it sees any of the project's files.
  symlinkSync(path.join(REPO, "runtime"), path.join(dir, "runtime"), "dir");
  return dir;
}

const check = (dir: string, args: string[] = [], cwd = dir): Run => run([CLI, "check", ...args], cwd);

const TYPESCRIPTS: [string, () => string][] = [
  ["TypeScript 5.9 (tsc.js)", () => path.join(REPO, "node_modules/typescript")],
  // The same install as tspc.test.ts's TypeScript 6 + ts-patch 4, so one download serves both.
  ["TypeScript 6 (tsc.js)", () => path.join(installed(["typescript@6", "ts-patch@4"]), "node_modules/typescript")],
  ["TypeScript 7 (the native tsc)", () => path.join(installed(["typescript@7"]), "node_modules/typescript")],
];

describe.each(TYPESCRIPTS)("ts-otp check with %s", (_name, typescriptDir) => {
  const typescript = typescriptDir();
  const tscBin = path.join(typescript, "bin/tsc");
  /** This tsc's own exit status for a project with errors (2 for TypeScript 5.9, 1 for 7). */
  const errorStatus = (): number | null => {
    const plain = project({ "tsconfig.json": '{ "files": ["bad.ts"] }\n', "bad.ts": "export const x: string = 1;\n" });
    return run([tscBin, "-p", plain, "--noEmit"], plain).status;
  };

  it("checks a clean DSL project with no output and exit status 0 (so From and N were typed)", () => {
    const dir = dslProject(typescript);
    const r = check(dir);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
    // The same project given to tsc as it is fails: the case-label bindings are unknown names.
    const raw = run([tscBin, "-p", dir, "--noEmit", "--pretty", "false"], dir);
    expect(raw.stdout).toMatch(/src\/server\.ts\(\d+,\d+\): error TS2304: Cannot find name 'From'/);
  });

  it("reports a type error in a DSL case body at the user's file, line and column, with tsc's status", () => {
    const source = SERVER.replace("console.log(N.toFixed(0));", "const text: string = N;");
    const dir = dslProject(typescript, { "src/server.ts": source });
    const r = check(dir);
    const line = lineOf(source, "const text: string = N;");
    expect(r.stdout).toBe(`src/server.ts(${line},13): error TS2322: Type 'number' is not assignable to type 'string'.\n`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(errorStatus());
    expect(r.status).not.toBe(0);
  });

  it("gives columns on lines the compile rewrote through its source map (an unused import on the import line)", () => {
    // The compile adds its own imports to line 1, moving `join` to the right; `join` unused:
    const source = SERVER.replace("=> join(p);", "=> p;");
    const dir = dslProject(typescript, { "src/server.ts": source });
    const r = check(dir, ["--noUnusedLocals"]);
    const importLine = SERVER.split("\n")[0]!;
    expect(r.stdout).toContain(`src/server.ts(1,${importLine.indexOf("join") + 1}): error TS6133: 'join' is declared but its value is never read.`);
  });

  it("reports a DSL mistake as file(line,col): error OTP1010, hides that file's cascade, fails as tsc does, paths relative to the working folder", () => {
    const source = SERVER.replace('case ["stop"]:', "case [String(x)]:");
    const dir = dslProject(typescript, { "src/server.ts": source });
    const r = check(dir, ["-p", ".."], path.join(dir, "src"));
    const line = lineOf(source, "case [String(x)]:");
    expect(r.stdout).toMatch(new RegExp(`^server\\.ts\\(${line},11\\): error OTP1010: [^\\n]+\\n$`));
    expect(r.status).toBe(errorStatus());
  });
});

describe("ts-otp check and the files a tsconfig leaves out", () => {
  it("reports no DSL mistake in a file outside the tsconfig's include (the mirror compiles the whole folder)", () => {
    const broken = SERVER.replace('case ["stop"]:', "case [String(x)]:");
    const dir = dslProject(path.join(installed(["typescript@7"]), "node_modules/typescript"), { "fixtures/broken.ts": broken });
    const r = check(dir);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
    // The same file in a program is reported.
    writeFileSync(path.join(dir, "tsconfig.fixtures.json"), '{ "extends": "./config/base.json", "include": ["fixtures"] }\n');
    const inside = check(dir, ["-p", "tsconfig.fixtures.json"]);
    expect(inside.stdout).toMatch(new RegExp(`^fixtures/broken\\.ts\\(${lineOf(broken, "String(x)")},11\\): error OTP1010: `));
    expect(inside.status).not.toBe(0);
  });

  it("keeps tsc's --listFiles when asked for it, at the user's paths", () => {
    const dir = dslProject(path.join(installed(["typescript@7"]), "node_modules/typescript"));
    const r = check(dir, ["--listFiles"]);
    expect(r.stdout.split("\n")).toContain(path.join(dir, "src/server.ts"));
    expect(r.stdout).not.toContain(".cache");
  });
});

describe("ts-otp check's own errors", () => {
  it("says when the project has no TypeScript, in one line, exit status 1", () => {
    const dir = project(FILES);
    // project() links ts-otp into node_modules; the repository's own typescript must not be found
    // from the project, which sits under the OS temp dir.
    const r = check(dir);
    expect(r.stderr).toBe(`ts-otp check: no TypeScript installed for ${dir}; install the one you want to check with (npm install -D typescript)\n`);
    expect(r.status).toBe(1);
  });

  it("says when -p names no tsconfig, and refuses --watch", () => {
    const dir = project(FILES);
    expect(check(dir, ["-p", "nope"]).stderr).toBe(`ts-otp check: cannot find ${path.join(dir, "nope")}; pass -p with a tsconfig.json or a folder holding one\n`);
    const w = check(dir, ["--watch"]);
    expect(w.stderr).toMatch(/^ts-otp check: --watch is not supported/);
    expect(w.status).toBe(1);
  });

  it("leaves the user's files alone (the mirror is under node_modules/.cache/ts-otp/check), finds node_modules from the mirror, passes tsc options on", () => {
    // process.version needs @types/node: found only if lookups from the mirror reach the project's node_modules.
    const dir = dslProject(path.join(REPO, "node_modules/typescript"), { "src/env.ts": "export const version: string = process.version;\n" });
    const without = check(dir);
    expect(without.stdout).toMatch(/^src\/env\.ts\(1,32\): error TS2591: Cannot find name 'process'/);
    const r = check(dir, ["--types", "node"]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, "node_modules/.cache/ts-otp/check/src/server.ts"), "utf8")).toContain("__otp_recv(");
    expect(readFileSync(path.join(dir, "src/server.ts"), "utf8")).toBe(SERVER);
  });
});
