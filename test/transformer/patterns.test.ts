// Each pattern row and semantic rule of the DSL (docs/dsl.md, "The language") as a fixture: test/fixtures/patterns/<case>/
// holds the DSL input, the committed emitted code (output.ts, a file snapshot), and a check()
// that runs the emitted code and asserts its behaviour.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../transformer/index.js";

const root = new URL("../fixtures/patterns/", import.meta.url).pathname;

describe("patterns: emitted code and its behaviour", () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const dir = join(root, name);
      const input = readFileSync(join(dir, "input.ts"), "utf8");
      const r = compile(`test/fixtures/patterns/${name}/input.ts`, input);
      expect(r.diagnostics).toEqual([]);
      expect(r.changed).toBe(true);
      const out = join(dir, "output.ts");
      // The emitted file is both the snapshot and the module that runs; outside CI a missing one is
      // written first so it can be imported (vitest writes file snapshots only after the test).
      if (!existsSync(out) && !process.env.CI) writeFileSync(out, r.code);
      await expect(r.code).toMatchFileSnapshot(out);
      // Lines never move: every line of the input that is not a case label or switch head is unchanged.
      const inLines = input.split("\n");
      const outLines = r.code.split("\n");
      expect(outLines.length).toBeGreaterThanOrEqual(inLines.length);
      inLines.forEach((line, i) => {
        if (!/\b(case|default|switch|import|return|function)\b|^\s*}\s*$/.test(line)) expect(outLines[i]!.startsWith(line.trimEnd()), `line ${i + 1}`).toBe(true);
      });
      const mod = (await import(out)) as { check: () => Promise<void> };
      await mod.check();
    });
  }
});
