// Tail calls compiled into loops (transformer/tail-calls.ts): test/fixtures/tail-calls/<case>/
// holds the input, the committed emitted code (output.ts, a file snapshot) and a check() that runs
// the emitted code and asserts what the same program does with real calls.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../transformer/index.js";

const root = new URL("../fixtures/tail-calls/", import.meta.url).pathname;

describe("tail calls: emitted code and its behaviour", () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const dir = join(root, name);
      const ext = existsSync(join(dir, "input.mjs")) ? "mjs" : "ts"; // a JavaScript file: no types emitted
      const input = readFileSync(join(dir, `input.${ext}`), "utf8");
      const r = compile(`test/fixtures/tail-calls/${name}/input.${ext}`, input);
      expect(r.diagnostics).toEqual([]);
      if (ext === "mjs") expect(r.code).not.toMatch(/__otp_T|: any|satisfies/);
      const out = join(dir, `output.${ext}`);
      if (!existsSync(out) && !process.env.CI) writeFileSync(out, r.code);
      await expect(r.code).toMatchFileSnapshot(out);
      // Where nothing may be lowered, nothing is; elsewhere every case lowers something.
      if (name === "left-alone") expect(r.code).not.toContain("__otp_tail");
      else expect(r.code).toContain("continue __otp_tail");
      // Lines never move: a line that holds no function head, return, case or closing brace is unchanged.
      const inLines = input.split("\n");
      const outLines = r.code.split("\n");
      expect(outLines.length).toBeGreaterThanOrEqual(inLines.length);
      inLines.forEach((line, i) => {
        if (!/\b(case|default|switch|import|return|function)\b|^\s*}\s*$|^\s*\S+\)\);$/.test(line))
          expect(outLines[i]!.startsWith(line.trimEnd()), `line ${i + 1}: ${line}`).toBe(true);
      });
      const mod = (await import(out)) as { check: () => Promise<void> };
      await mod.check();
    });
  }
});
