// The ts-patch door: `tspc` with { "transform": "ts-otp/transformer", "transformProgram": true }
// type-checks and emits the compiled program (examples/tspc), reports type errors in it at the
// user's lines and DSL mistakes as TS9xxx diagnostics; the `before` factory compiles emit alone.
// Twice: TypeScript 5.9 with ts-patch 3.3 (this repository's), and TypeScript 6 with ts-patch 4
// (installed from npm on first run), which wants Node >= 22.15: that one runs under the Node
// binary named by TS_OTP_NODE24 (.ci/run sets it) and is skipped, saying so, without it.

import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it, vi } from "vitest";
import { before } from "../../transformer/ts-patch.js";
import { bin, lineOf, node, project, relativeImport, REPO, scratch, type Run } from "./helpers.js";
import { installed } from "./installs.js";

// Each test runs a whole TypeScript type-check in a subprocess, tens of seconds on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });
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

interface Setup {
  name: string;
  /** The Node binary to run tspc with; undefined: this setup is skipped. */
  node: string | undefined;
  tspc: () => string;
  /** What `tspc --version` says. */
  version: RegExp;
  /** The oldest Node this ts-patch runs on (its `engines`), when newer than the test runner's. */
  minNode?: [number, number];
}

const SETUPS: Setup[] = [
  { name: "TypeScript 5.9 + ts-patch 3.3", node: process.execPath, tspc: () => bin("ts-patch", "bin/tspc.js"), version: /^Version 5\.9\./ },
  {
    name: "TypeScript 6 + ts-patch 4 (Node >= 22.15, from TS_OTP_NODE24)",
    node: process.env.TS_OTP_NODE24 || undefined,
    tspc: () => path.join(installed(["typescript@6", "ts-patch@4"]), "node_modules/ts-patch/bin/tspc.js"),
    version: /^Version 6\./,
    minNode: [22, 15],
  },
];
if (!process.env.TS_OTP_NODE24)
  console.warn("tspc.test.ts: TypeScript 6 + ts-patch 4 skipped: set TS_OTP_NODE24 to a Node >= 22.15 binary to run it (.ci/run does)");

for (const setup of SETUPS) {
  describe.skipIf(setup.node === undefined)(`the ts-patch door (tspc), ${setup.name}`, () => {
    const nodeBin = setup.node!;
    const TSPC = setup.node === undefined ? "" : setup.tspc();
    /** Runs tspc (with this setup's Node; 120 s at most: TypeScript is slow on a loaded machine). */
    const tspc = (args: string[], cwd = REPO): Run => {
      const r = spawnSync(nodeBin, [TSPC, ...args], { cwd, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } });
      if (r.error) throw r.error;
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    it("runs on the Node and TypeScript it names", () => {
      const [major, minor] = spawnSync(nodeBin, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim().split(".").map(Number);
      const [wantMajor, wantMinor] = setup.minNode ?? [0, 0];
      expect(major! > wantMajor || (major === wantMajor && minor! >= wantMinor), `${nodeBin} is Node ${major}.${minor}`).toBe(true);
      expect(tspc(["--version"]).stdout).toMatch(setup.version);
    });

    /** Type-checks examples/tspc/ping-pong.ts with `edit` applied, in a throwaway project. */
    function checkEdited(edit: (s: string) => string): { source: string; output: string; status: number | null } {
      const dir = extendingProject({ noEmit: true, rootDir: "/" }, { "planted.ts": "" });
      const source = movedExample(dir, edit);
      writeFileSync(path.join(dir, "planted.ts"), source);
      const r = tspc(["-p", dir], dir);
      return { source, output: (r.stdout + r.stderr).trim(), status: r.status };
    }

    it("type-checks and emits the tspc example with no errors, and the emitted program runs", () => {
      // Uncompiled, every pattern binding (From, N) would be "Cannot find name": a clean check means
      // tspc checked the compiled program.
      const dir = extendingProject({});
      const out = scratch();
      const build = tspc(["-p", dir, "--outDir", out]);
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
      const first = tspc(["-p", dir], dir);
      expect(first.stdout + first.stderr).toBe("");
      const out = path.join(dir, "out", path.relative("/", dir), "main.js");
      expect(node([out]).stdout).toBe("pong 3, pong 2, pong 1 | ping exited: normal\n");
      const bad = good.replace('case ["stop"]:', "case [String(x)]:");
      writeFileSync(path.join(dir, "main.ts"), bad);
      const second = tspc(["-p", dir], dir);
      expect(second.stdout.trim()).toMatch(new RegExp(`^main\\.ts\\(${lineOf(bad, "String(x)")},11\\): error TS9010: [^\\n]*$`));
    });
  });
}

describe("the ts-patch door's `before` transformer", () => {
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
