// The docs show real code: every ts-otp block of the side-by-side page stands verbatim in
// examples/allocator.ts (which the allocator tests run), so the page cannot drift from the example;
// every ```ts block of the README type-checks (through the ts-patch door, DSL compiled) and runs
// through the CLI, printing the output its `// Output:` comment shows; and nothing a user reads
// points outside the repository.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { join, spawn } from "../runtime/index.js";
import { transformProgram } from "../transformer/ts-patch.js";
import { node, relativeImport, REPO, scratch } from "./doors/helpers.js";

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

/** The README's ```ts blocks. */
function readmeBlocks(): string[] {
  const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** The lines of a block's trailing `// Output:` comment, or null when it shows none. */
function shownOutput(block: string): string | null {
  const at = block.search(/^\/\/ Output\b.*:$/m);
  if (at < 0) return null;
  const lines = block.slice(at).split("\n").slice(1).filter((l) => l.startsWith("//   "));
  return lines.map((l) => l.slice("//   ".length) + "\n").join("");
}

describe("docs", () => {
  it("docs/otp.md shows examples/otp.ts as it is, and the example does what its comments say", async () => {
    const page = readFileSync(new URL("../docs/otp.md", import.meta.url), "utf8");
    const source = readFileSync(new URL("../examples/otp.ts", import.meta.url), "utf8");
    const block = page.match(/```ts\n([\s\S]*?)```/)![1]!;
    for (const part of block.split("\n\n")) expect(source).toContain(part);
    const { main } = await import("../examples/otp.js");
    let n: unknown;
    const reason = await join(spawn(function* () {
      n = yield* main();
    }));
    expect([reason, n]).toEqual(["normal", 42]);
  });

  it("docs/allocator-side-by-side.md shows examples/allocator.ts as it is", () => {
    const page = readFileSync(new URL("../docs/allocator-side-by-side.md", import.meta.url), "utf8");
    const source = readFileSync(new URL("../examples/allocator.ts", import.meta.url), "utf8");
    const blocks = [...page.matchAll(/<pre lang="ts">([\s\S]*?)<\/pre>/g)].map((m) => unescape(m[1]!));
    expect(blocks.length).toBe(7);
    for (const block of blocks) for (const part of block.split("\n\n")) expect(source).toContain(part);
  });

  describe("every README ts block compiles and runs as written", () => {
    const blocks = readmeBlocks();
    // The blocks import "ts-otp" (and its subpaths); here that is this checkout's source, by relative path.
    const dir = scratch();
    writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n'); // as the README says
    const files = blocks.map((block, i) => {
      const file = path.join(dir, `readme-${i + 1}.ts`);
      const source = block
        .replaceAll('from "ts-otp"', `from ${JSON.stringify(relativeImport(dir, "runtime/index.js"))}`)
        .replaceAll('from "ts-otp/supervisor"', `from ${JSON.stringify(relativeImport(dir, "otp/supervisor.js"))}`)
        .replaceAll('from "ts-otp/server"', `from ${JSON.stringify(relativeImport(dir, "otp/server.js"))}`);
      writeFileSync(file, source);
      return file;
    });

    it("the README has ts blocks, each showing its output", () => {
      expect(blocks.length).toBeGreaterThanOrEqual(2);
      for (const block of blocks) expect(shownOutput(block)).not.toBeNull();
    });

    it("they type-check with strict settings (the DSL compiled by the ts-patch door)", () => {
      const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        types: [],
      };
      const program = transformProgram(ts.createProgram(files, options), undefined, { transformProgram: true }, { ts });
      const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || files.includes(path.resolve(d.file.fileName)));
      expect(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => "\n" })).toBe("");
    });

    for (const [i, block] of blocks.entries()) {
      it(`block ${i + 1} runs with ts-otp run and prints what it shows`, () => {
        const r = node([path.join(REPO, "bin/ts-otp.js"), "run", files[i]!], { cwd: dir });
        expect(r.stdout).toBe(shownOutput(block));
        expect(r.status).toBe(0);
      });
    }
  });

  it("nothing a user reads points outside the repository (README, docs, examples, comments, tests)", () => {
    const outside = /\bshared\/|\bseeds?\/|\bDSL\.md\b|ERLANG-TRACES|BENCH-ANCHORS|STYLE\.md|\/work\/|\.\.\/shared\b/;
    const found: string[] = [];
    const walk = (rel: string): void => {
      const abs = path.join(REPO, rel);
      if (statSync(abs).isDirectory()) {
        for (const name of readdirSync(abs)) if (!["node_modules", "dist", ".git", ".scratch", "results", ".compiled"].includes(name)) walk(path.join(rel, name));
        return;
      }
      // (this file names the patterns it looks for)
      if (!/\.(?:[cm]?[jt]s|md|json|erl|sh)$/.test(rel) || rel === "package-lock.json" || rel === path.join("test", "docs.test.ts")) return;
      readFileSync(abs, "utf8").split("\n").forEach((line, n) => {
        if (outside.test(line)) found.push(`${rel}:${n + 1}: ${line.trim()}`);
      });
    };
    for (const top of readdirSync(REPO)) if (![".git", "node_modules", "dist", ".scratch"].includes(top)) walk(top);
    expect(found).toEqual([]);
  });

  it("every relative link of the README reaches a file the package ships", () => {
    const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
    const shipped: string[] = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).files;
    const links = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const target = path.normalize(link).replace(/\/$/, "");
      statSync(path.join(REPO, target)); // exists in the repository
      expect(shipped.some((f) => target === f || target.startsWith(`${f}/`)), `${link} is not in package.json "files"`).toBe(true);
    }
  });
});
