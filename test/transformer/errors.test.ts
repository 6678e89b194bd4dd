// Every compile error of the receive compiler, with its position: test/fixtures/errors/<case>/
// holds an input and errors.txt, the diagnostics expected (file:line:col - error CODE: message,
// or "- warning" for a mistake that does not stop compilation).

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile, formatDiagnostic, isError } from "../../transformer/index.js";

const root = new URL("../fixtures/errors/", import.meta.url).pathname;

describe("compile errors: file:line:col, the construct, and the fix", () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const dir = join(root, name);
      const file = `test/fixtures/errors/${name}/input.ts`;
      const r = compile(file, readFileSync(join(dir, "input.ts"), "utf8"));
      expect(r.diagnostics.length).toBeGreaterThan(0);
      // nothing half-compiled is handed on; a file with only warnings compiles
      expect(r.changed).toBe(!r.diagnostics.some(isError));
      const text = r.diagnostics.map(formatDiagnostic).join("\n") + "\n";
      const expected = join(dir, "errors.txt");
      if (!existsSync(expected) && !process.env.CI) writeFileSync(expected, text);
      await expect(text).toMatchFileSnapshot(expected);
    });
  }
});
