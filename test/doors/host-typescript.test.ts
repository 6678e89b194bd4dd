// The ts-patch door runs inside the user's tsc, whose TypeScript need not be the one ts-otp's core
// parses with (its own dependency). The door must build everything it hands back to tsc (Program,
// SourceFiles, diagnostics) with the host instance ts-patch passes in (`extras.ts`): a node made
// by another instance has other constructors and other internal state. Here the host is a second,
// separately loaded TypeScript instance.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { transformProgram } from "../../transformer/ts-patch.js";
import { relativeImport, scratch } from "./helpers.js";

/** A second TypeScript instance: the same file loaded again, so every object it makes is its own. */
function secondTypeScript(): typeof ts {
  const require = createRequire(import.meta.url);
  const file = require.resolve("typescript");
  const cached = require.cache[file];
  delete require.cache[file];
  try {
    return require("typescript") as typeof ts;
  } finally {
    if (cached) require.cache[file] = cached;
  }
}

describe("the ts-patch door with a host TypeScript other than the core's", () => {
  const host = secondTypeScript();
  const dir = scratch();
  writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
  const runtime = JSON.stringify(relativeImport(dir, "runtime/index.js"));
  const options: ts.CompilerOptions = {
    target: host.ScriptTarget.ES2022,
    module: host.ModuleKind.NodeNext,
    moduleResolution: host.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    strict: true,
    noEmit: true,
    types: [],
  };
  const source = (body: string) => `import { receive, send, type Pid, type Proc } from ${runtime};

type Msg = [Pid, "ping", number];

export function* echo(): Proc {
  switch (receive<Msg>()) {
    case [From, "ping", N]:
      ${body}
      return echo();
  }
}
`;

  it("is a different instance from the core's", () => {
    expect(host).not.toBe(ts);
    expect((host as any).objectAllocator.getSourceFileConstructor()).not.toBe((ts as any).objectAllocator.getSourceFileConstructor());
  });

  const good = path.join(dir, "good.ts");
  const bad = path.join(dir, "bad.ts");
  const badText = source("send(From, N.toUpperCase());");
  writeFileSync(good, source("send(From, N * 2);"));
  writeFileSync(bad, badText);
  // One Program for both tests (building one is the slow part).
  let compiled: ts.Program | undefined;
  const next = () => (compiled ??= transformProgram(host.createProgram([good, bad], options), undefined, { transformProgram: true }, { ts: host }));

  it("builds the compiled Program's source files with the host's TypeScript only, and it type-checks", () => {
    const own = (host as any).objectAllocator.getSourceFileConstructor();
    expect(next().getSourceFile(good)!.text).toContain("__otp_recv("); // served compiled
    for (const sf of next().getSourceFiles()) expect(sf).toBeInstanceOf(own);
    expect(host.getPreEmitDiagnostics(next(), next().getSourceFile(good))).toEqual([]);
  });

  it("reports a type error in a case body through the host, at the user's line", () => {
    const [d, ...rest] = host.getPreEmitDiagnostics(next(), next().getSourceFile(bad));
    expect(rest).toEqual([]);
    expect(d!.code).toBe(2339); // Property 'toUpperCase' does not exist on type 'number'
    expect(d!.file!.getLineAndCharacterOfPosition(d!.start!).line + 1).toBe(badText.split("\n").findIndex((l) => l.includes("toUpperCase")) + 1);
  });
});
