// The ts-patch door: `tspc` with { "transform": "ts-otp/transformer", "transformProgram": true }
// type-checks and emits the compiled program (examples/tspc), reports type errors in it at the
// user's lines and DSL mistakes as TS9xxx diagnostics; the `before` factory compiles emit alone.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { before } from "../../transformer/ts-patch.js";
import { bin, lineOf, node, project, relativeImport, REPO, scratch } from "./helpers.js";

const TSPC = bin("ts-patch", "bin/tspc.js");
const EXAMPLE = path.join(REPO, "examples/tspc");
const exampleSource = readFileSync(path.join(EXAMPLE, "ping-pong.ts"), "utf8");

/** A throwaway project whose tsconfig extends examples/tspc's (and so uses the plugin). */
function extendingProject(compilerOptions: object, files?: Record<string, string>): string {
  const dir = project({ "package.json": '{ "type": "module" }\n', ...files });
  const config = { extends: path.join(EXAMPLE, "tsconfig.json"), compilerOptions, ...(files ? { files: Object.keys(files) } : {}) };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  return dir;
}

/** examples/tspc/ping-pong.ts as if it lived in `dir`, with `edit` applied. */
function movedExample(dir: string, edit: (s: string) => string): string {
  return edit(exampleSource.replace(`"../../runtime/index.js"`, JSON.stringify(relativeImport(dir, "runtime/index.js"))));
}

/** Type-checks examples/tspc/ping-pong.ts with `edit` applied, in a throwaway project. */
function checkEdited(edit: (s: string) => string): { source: string; output: string; status: number | null } {
  const dir = extendingProject({ noEmit: true, rootDir: "/" }, { "planted.ts": "" });
  const source = movedExample(dir, edit);
  writeFileSync(path.join(dir, "planted.ts"), source);
  const r = node([TSPC, "-p", dir], { cwd: dir });
  return { source, output: (r.stdout + r.stderr).trim(), status: r.status };
}

describe("the ts-patch door (tspc)", () => {
  it("type-checks and emits the tspc example with no errors, and the emitted program runs", () => {
    // Uncompiled, every pattern binding (From, N) would be "Cannot find name": a clean check means
    // tspc checked the compiled program.
    const dir = extendingProject({});
    const out = scratch();
    const build = node([TSPC, "-p", dir, "--outDir", out]);
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
    const js = readFileSync(path.join(out, "examples/tspc/ping-pong.js"), "utf8");
    expect(js).toContain("__otp_recv(");
    expect(js).not.toMatch(/\breceive\(/);
    writeFileSync(path.join(out, "package.json"), '{ "type": "module" }\n');
    const run = node([path.join(out, "examples/tspc/ping-pong.js")]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("pong 3, pong 2, pong 1 | ping exited: normal\n");
  });

  it("reports a type error in a case body at the user's own line", () => {
    const r = checkEdited((s) => s.replace("log.push(`pong ${N.toFixed(0)}`);", "log.push(N);"));
    expect(r.status).not.toBe(0);
    const line = lineOf(r.source, "log.push(N);");
    const col = r.source.split("\n")[line - 1]!.indexOf("N)") + 1;
    // N is typed by narrowing ["pong", number]: a number, not a string.
    expect(r.output).toBe(`planted.ts(${line},${col}): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'.`);
  });

  it("reports a DSL mistake as a TS9xxx error at its line and column, and hides that file's cascade", () => {
    const r = checkEdited((s) => s.replace('case ["stop"]:', "case [String(x)]:"));
    expect(r.status).not.toBe(0);
    const line = lineOf(r.source, "case [String(x)]:");
    const col = r.source.split("\n")[line - 1]!.indexOf("String(x)") + 1;
    expect(r.output.split("\n")).toEqual([expect.stringMatching(new RegExp(`^planted\\.ts\\(${line},${col}\\): error TS9010: .*\\(OTP1010\\)$`))]);
  });

  it("works in incremental builds: versions for compiled files, DSL errors in the per-file diagnostics", () => {
    const dir = extendingProject({ rootDir: "/", outDir: "out", incremental: true, tsBuildInfoFile: "out/build.tsbuildinfo" }, { "main.ts": "" });
    const good = movedExample(dir, (s) => s);
    writeFileSync(path.join(dir, "main.ts"), good);
    const first = node([TSPC, "-p", dir], { cwd: dir });
    expect(first.stdout + first.stderr).toBe("");
    const out = path.join(dir, "out", path.relative("/", dir), "main.js");
    expect(node([out]).stdout).toBe("pong 3, pong 2, pong 1 | ping exited: normal\n");
    const bad = good.replace('case ["stop"]:', "case [String(x)]:");
    writeFileSync(path.join(dir, "main.ts"), bad);
    const second = node([TSPC, "-p", dir], { cwd: dir });
    expect(second.stdout.trim()).toMatch(new RegExp(`^main\\.ts\\(${lineOf(bad, "String(x)")},11\\): error TS9010: [^\\n]*$`));
  });

  it("offers a `before` transformer that compiles emit for tools taking custom transformers", () => {
    const source = [
      `import { receive, after, send, Pid, Proc } from "../runtime/index.js";`,
      `import { Unused } from "./types.js";`,
      `export function* echo(): Proc {`,
      `  switch (receive<[Pid, number]>()) {`,
      `    case [From, N]:`,
      `      send(From, N);`,
      `      return echo();`,
      `    case after(100):`,
      `      return;`,
      `  }`,
      `}`,
      `export const nothing: Unused | undefined = undefined;`,
    ].join("\n");
    const out = ts.transpileModule(source, {
      fileName: "/virtual/echo.ts",
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      transformers: { before: [before()] },
    }).outputText;
    expect(out).toContain("__otp_recv(");
    expect(out).not.toMatch(/\breceive\(|after\(|Unused|Proc/);
    // Pid, Proc and Unused are only used as types: elided, as tsc would.
    expect(out).toMatch(/^import \{ send \} from "\.\.\/runtime\/index\.js";$/m);
  });
});
