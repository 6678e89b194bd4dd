// The esbuild door: tsup bundles examples/tsup through the plugin (and the bundle runs), and DSL
// mistakes are esbuild errors at file:line:column. Both run in subprocesses, through the package's
// own entry ("ts-otp/esbuild"), as an app would load it.

import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bin, lineOf, node, project, relativeImport, REPO, scratch } from "./helpers.js";

describe("the esbuild plugin", () => {
  it("lets tsup bundle the tsup example, and the bundle runs", () => {
    const out = scratch(); // no symlinks in here: tsup may empty its output folder
    const r = node([bin("tsup", "dist/cli-default.js"), "--out-dir", out], { cwd: path.join(REPO, "examples/tsup") });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const js = readFileSync(path.join(out, "main.mjs"), "utf8");
    expect(js).toContain("receiveWith(");
    const run = node([path.join(out, "main.mjs")]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("total 6\nbundled by tsup: done\n");
    // The bundle's source map leads back to the example's own source.
    const map = JSON.parse(readFileSync(path.join(out, "main.mjs.map"), "utf8")) as { sources: string[] };
    expect(map.sources.some((s) => s.endsWith("examples/tsup/main.ts"))).toBe(true);
  });

  it("reports a DSL mistake as an esbuild error with file, line, column and line text", () => {
    const dir = project();
    const source = [
      `import { receive, type Proc } from ${JSON.stringify(relativeImport(dir, "runtime/index.js"))};`,
      `export function* p(): Proc {`,
      `  switch (receive()) {`,
      `    case [String(x)]:`,
      `      return;`,
      `  }`,
      `}`,
    ].join("\n");
    const script = [
      `import { writeFileSync } from "node:fs";`,
      `import { build } from ${JSON.stringify(pathToFileURL(bin("esbuild", "lib/main.js")).href)};`,
      `import otpEsbuild from "ts-otp/esbuild";`,
      `writeFileSync("bad.ts", ${JSON.stringify(source)});`,
      `const failure = await build({ entryPoints: ["bad.ts"], bundle: true, write: false, logLevel: "silent", plugins: [otpEsbuild()] }).catch((e) => e);`,
      `console.log(JSON.stringify(failure.errors.map((e) => ({ text: e.text, location: e.location }))));`,
    ].join("\n");
    const r = node(["--input-type=module", "-e", script], { cwd: dir });
    expect(r.stderr).toBe("");
    const errors = JSON.parse(r.stdout) as { text: string; location: Record<string, unknown> }[];
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(/is not a pattern.*\(OTP1010\)$/);
    expect(errors[0]!.location).toMatchObject({
      file: "bad.ts",
      line: lineOf(source, "case [String(x)]"),
      column: "    case [".length,
      lineText: "    case [String(x)]:",
    });
  });
});
