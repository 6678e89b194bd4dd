// The checks for silent mistakes in every door: errors stop the build at the mistake's own line and
// column; a warning (an unreachable clause) is reported as a warning and the code is still emitted
// and runs. The ts-patch door also asks the type checker what the syntax cannot settle: a pattern
// name imported from another module, a message type declared in another module.

import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import otpVite from "../../integrations/vite.js";
import { before } from "../../transformer/ts-patch.js";
import { bin, lineOf, node, project, relativeImport, REPO } from "./helpers.js";

const TSPC = bin("ts-patch", "bin/tspc.js");
const CLI = path.join(REPO, "bin/ts-otp.js");

/** A program whose second clause can never match; it prints "got 1" and ends. */
function unreachable(dir: string): string {
  return [
    `import { spawn, send, join, receive, type Proc } from ${JSON.stringify(relativeImport(dir, "runtime/index.js"))};`,
    `function* p(): Proc {`,
    `  switch (receive<number>()) {`,
    `    case N:`,
    `      console.log("got " + N);`,
    `      return;`,
    `    case 2:`,
    `      console.log("never");`,
    `  }`,
    `}`,
    `const pid = spawn(p);`,
    `send(pid, 1);`,
    `await join(pid);`,
    ``,
  ].join("\n");
}
const UNREACHABLE_AT = { line: 7, column: 10 };

/** A program calling a generator function without yield*. */
function lostCall(dir: string): string {
  return [
    `import { receive, type Proc } from ${JSON.stringify(relativeImport(dir, "runtime/index.js"))};`,
    `function* ask(): Proc {`,
    `  switch (receive<string>()) {`,
    `    case S:`,
    `      return;`,
    `  }`,
    `}`,
    `export function* p(): Proc {`,
    `  const r = ask();`,
    `  console.log(r.toString());`,
    `}`,
    ``,
  ].join("\n");
}
const LOST_AT = { line: 9, column: 13 };

describe("the checks in every door", () => {
  it("tspc: what only the checker knows: an imported class as a pattern name, an imported Msg, an imported generator function", () => {
    const dir = project({ "package.json": '{ "type": "module" }\n' });
    const runtime = JSON.stringify(relativeImport(dir, "runtime/index.js"));
    writeFileSync(path.join(dir, "jobs.ts"), `import type { Pid } from ${runtime};\nexport class Job {}\nexport const LIMIT = 3;\nexport function* fetchJob(): Generator<unknown, number, unknown> { return 1; }\nexport function note(): void {}\nexport type Msg = [Pid, "balance"] | [Pid, "deposit", number] | "stop";\n`);
    const main = [
      `import { receive, type Proc } from ${runtime};`,
      `import { Job, LIMIT, fetchJob, note, type Msg } from "./jobs.js";`,
      `export function* p(): Proc {`,
      `  switch (receive<unknown>()) {`,
      `    case [Job, X]:`,
      `      return;`,
      `    case [LIMIT, X]:`,
      `      return;`,
      `  }`,
      `}`,
      `export function* q(): Proc {`,
      `  switch (receive<Msg>()) {`,
      `    case [From, "balanse"]:`,
      `      return;`,
      `    case "stop":`,
      `      return;`,
      `  }`,
      `}`,
      `export function* r(): Proc {`,
      `  fetchJob();`,
      `  note();`,
      `}`,
      ``,
    ].join("\n");
    writeFileSync(path.join(dir, "main.ts"), main);
    const config = { extends: path.join(REPO, "examples/tspc/tsconfig.json"), compilerOptions: { noEmit: true, rootDir: "/" }, files: ["main.ts"] };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config));
    const r = node([TSPC, "-p", dir], { cwd: dir });
    const lines = (r.stdout + r.stderr).trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^main\.ts\(5,11\): error TS9101: `Job` in this pattern is a class imported from "\.\/jobs\.js", .*\(OTP1101\)$/),
      expect.stringMatching(/^main\.ts\(13,10\): error TS9102: this pattern matches no member of `Msg`, .*the closest member is `\[Pid, "balance"\]`.*\(OTP1102\)$/),
      expect.stringMatching(/^main\.ts\(20,3\): error TS9103: `fetchJob\(\.\.\.\)` creates a generator .*\(OTP1103\)$/),
    ]);
    expect(r.status).not.toBe(0);
  });

  it("tspc: a warning is printed as a warning, and the program is still emitted, even with noEmitOnError", () => {
    const dir = project({ "package.json": '{ "type": "module" }\n' });
    writeFileSync(path.join(dir, "main.ts"), unreachable(dir));
    const config = { extends: path.join(REPO, "examples/tspc/tsconfig.json"), compilerOptions: { rootDir: "/", outDir: "out", noEmitOnError: true }, files: ["main.ts"] };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config));
    const r = node([TSPC, "-p", dir], { cwd: dir });
    expect((r.stdout + r.stderr).trim()).toMatch(
      new RegExp(`^main\\.ts\\(${UNREACHABLE_AT.line},${UNREACHABLE_AT.column}\\): warning TS9104: this clause cannot match because a previous clause at line 4 always matches.*\\(OTP1104\\)$`),
    );
    expect(r.status).toBe(2); // tsc's status whenever it printed a diagnostic, with outputs generated
    const out = path.join(dir, "out", path.relative("/", dir), "main.js");
    expect(existsSync(out)).toBe(true);
    expect(node([out]).stdout).toBe("got 1\n");
  });

  it("the `before` transformer: a warning goes to ts-patch's addDiagnostic as a Warning and emit is compiled; without that channel it does not throw", () => {
    const dir = path.join(REPO, "src");
    const added: ts.Diagnostic[] = [];
    const emit = (extras?: { addDiagnostic: (d: ts.Diagnostic) => number }) =>
      ts.transpileModule(unreachable(dir), {
        fileName: path.join(dir, "warn.ts"),
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
        transformers: { before: [before(undefined, undefined, extras)] },
      }).outputText;
    expect(emit({ addDiagnostic: (d) => added.push(d) })).toContain("__otp_recv(");
    expect(added.map((d) => [d.category, d.code, d.start])).toEqual([[ts.DiagnosticCategory.Warning, 9104, unreachable(dir).indexOf("case 2:") + "case ".length]]);
    expect(emit()).toContain("__otp_recv(");
  });

  it("esbuild: an error stops the build at its line and column; a warning is an esbuild warning and the bundle is written", () => {
    const dir = project();
    const script = [
      `import { writeFileSync } from "node:fs";`,
      `import { build } from ${JSON.stringify(pathToFileURL(bin("esbuild", "lib/main.js")).href)};`,
      `import otpEsbuild from "ts-otp/esbuild";`,
      `writeFileSync("bad.ts", ${JSON.stringify(lostCall(dir))});`,
      `writeFileSync("warn.ts", ${JSON.stringify(unreachable(dir))});`,
      `const options = { bundle: true, write: false, logLevel: "silent", format: "esm", platform: "node", plugins: [otpEsbuild()] };`,
      `const failure = await build({ ...options, entryPoints: ["bad.ts"] }).catch((e) => e);`,
      `const ok = await build({ ...options, entryPoints: ["warn.ts"] });`,
      `const where = (m) => ({ text: m.text, line: m.location.line, column: m.location.column });`,
      `console.log(JSON.stringify({ errors: failure.errors.map(where), warnings: ok.warnings.map(where), files: ok.outputFiles.length }));`,
    ].join("\n");
    const r = node(["--input-type=module", "-e", script], { cwd: dir });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { errors: { text: string; line: number; column: number }[]; warnings: { text: string; line: number; column: number }[]; files: number };
    expect(out.errors).toEqual([{ text: expect.stringMatching(/^`ask\(\.\.\.\)` creates a generator \(`ask` is a generator function\).*\(OTP1103\)$/), line: LOST_AT.line, column: LOST_AT.column - 1 }]);
    expect(out.warnings).toEqual([{ text: expect.stringMatching(/^this clause cannot match.*\(OTP1104\)$/), line: UNREACHABLE_AT.line, column: UNREACHABLE_AT.column - 1 }]);
    expect(out.files).toBe(1);
  });

  it("Vite: an error is this.error, a warning is this.warn and the code is returned", () => {
    const logged: { kind: string; message: string; loc?: { line: number; column: number } }[] = [];
    const context = {
      error(e: { message: string; loc?: { line: number; column: number } }): never {
        logged.push({ kind: "error", ...e });
        throw new Error(e.message);
      },
      warn(w: { message: string; loc?: { line: number; column: number } }): void {
        logged.push({ kind: "warn", ...w });
      },
    };
    const transform = otpVite().transform as (this: typeof context, code: string, id: string) => { code: string } | null;
    const dir = path.join(REPO, "src");
    const result = transform.call(context, unreachable(dir), path.join(dir, "warn.ts"));
    expect(result?.code).toContain("__otp_recv(");
    expect(() => transform.call(context, lostCall(dir), path.join(dir, "bad.ts"))).toThrow(/OTP1103/);
    expect(logged.map((l) => [l.kind, l.loc?.line, l.loc?.column, /OTP\d+/.exec(l.message)?.[0]])).toEqual([
      ["warn", UNREACHABLE_AT.line, UNREACHABLE_AT.column - 1, "OTP1104"],
      ["error", LOST_AT.line, LOST_AT.column - 1, "OTP1103"],
    ]);
  });

  it("ts-otp run: a warning goes to stderr and the program runs; an error stops it with status 1", () => {
    const dir = project();
    writeFileSync(path.join(dir, "warn.mts"), unreachable(dir));
    const warned = node([CLI, "run", "warn.mts"], { cwd: dir });
    expect(warned.stdout).toBe("got 1\n");
    expect(warned.stderr).toMatch(new RegExp(`warn\\.mts:${UNREACHABLE_AT.line}:${UNREACHABLE_AT.column} - warning OTP1104: this clause cannot match`));
    expect(warned.status).toBe(0);
    writeFileSync(path.join(dir, "bad.ts"), lostCall(dir));
    const failed = node([CLI, "run", "bad.ts"], { cwd: dir });
    expect(failed.stderr).toContain(`bad.ts:${LOST_AT.line}:${LOST_AT.column} - error OTP1103: \`ask(...)\` creates a generator`);
    expect(failed.status).toBe(1);
  });
});

// lineOf keeps the fixed positions above honest
it("the planted mistakes are where the tests say", () => {
  const dir = path.join(REPO, "x");
  expect(lineOf(unreachable(dir), "case 2:")).toBe(UNREACHABLE_AT.line);
  expect(unreachable(dir).split("\n")[UNREACHABLE_AT.line - 1]!.indexOf("2") + 1).toBe(UNREACHABLE_AT.column);
  expect(lineOf(lostCall(dir), "ask();")).toBe(LOST_AT.line);
  expect(lostCall(dir).split("\n")[LOST_AT.line - 1]!.indexOf("ask()") + 1).toBe(LOST_AT.column);
});
