// compile() never throws, and what it emits for valid input parses and keeps every line: checked
// on every fixture and example, and on thousands of token mutants of them and of the error fixtures (a seeded mutator:
// deleted, duplicated, swapped and inserted tokens), the way the compiler meets half-typed code in
// an editor. Plus the size limits: a 2,500-clause matcher TypeScript accepts.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import MagicString from "magic-string";
import { describe, expect, it, vi } from "vitest";
import { compile, type CompileResult } from "../../transformer/index.js";

const repo = new URL("../../", import.meta.url).pathname;
const patterns = join(repo, "test/fixtures/patterns");
const sources: { file: string; text: string }[] = [
  ...readdirSync(patterns)
    .filter((d) => d !== "many-clauses") // too large to mutate quickly; its own test is below
    .map((d) => `test/fixtures/patterns/${d}/input.ts`),
  "examples/allocator.ts",
].map((file) => ({ file, text: readFileSync(join(repo, file), "utf8") }));

function syntaxErrors(fileName: string, code: string): string[] {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const parse = (sf as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  return parse.map((d) => `${sf.getLineAndCharacterOfPosition(d.start).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}

/**
 * Every line of the input keeps its number: the output has the input's lines, then only the
 * hoisted matchers the compiler appends (one `function` per line after one empty line).
 */
function linesKept(input: string, r: CompileResult): boolean {
  const inLines = input.split("\n").length;
  const extra = r.code.split("\n").slice(inLines);
  // What the compiler appends after the last original line: hoisted matchers, and for mutual tail
  // calls each member's wrapper (with its moved doc comment and shared prototype) and the import
  // of enterFunction.
  return extra.every((l) => l === "" || /^(export )?(default )?function\*? [\w$]+\(|^[\w$]+\.prototype = |^import |^\s*(\/\*\*?|\*|\/\/)/.test(l));
}

/** What every compile() answer must satisfy, valid input or not. */
function checkAnswer(file: string, input: string): CompileResult {
  const r = compile(file, input); // never throws: a throw fails the test here
  for (const d of r.diagnostics) {
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.code, d.message).not.toBe("OTP1031"); // no internal error: every failure is a named mistake
  }
  // (a diagnostic may be a warning, which still emits code: only errors withhold it)
  const errors = r.diagnostics.filter((d) => (d as { severity?: string }).severity !== "warning");
  if (errors.length === 0 && r.changed) {
    expect(syntaxErrors(file, r.code), `emitted code of ${file} parses`).toEqual([]);
    expect(linesKept(input, r), `emitted code of ${file} keeps every line`).toBe(true);
  }
  return r;
}

describe("compile() on valid input: the output parses and keeps every line", () => {
  for (const { file, text } of sources) {
    it(file, () => {
      const r = checkAnswer(file, text);
      expect(r.diagnostics).toEqual([]);
      expect(r.changed).toBe(true);
    });
  }
});

// ---- the mutation fuzzer ----

/** mulberry32: a small seeded PRNG, so every run tries the same mutants. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The file as tokens (start, end), comments included: the units the mutator works on. */
function tokens(text: string): [number, number][] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: [number, number][] = [];
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t !== ts.SyntaxKind.WhitespaceTrivia && t !== ts.SyntaxKind.NewLineTrivia) out.push([scanner.getTokenStart(), scanner.getTokenEnd()]);
  }
  return out;
}

/** Tokens worth inserting: the DSL's punctuation and keywords, and what a typo leaves behind. */
const INSERTS = [":", "]", "[", "}", "{", ")", "(", ",", ";", "as", "as const", "...", "&&", "||", "case", "default:", "case after(5):",
  "after(1)", "_", "X", "$m", "__m1", "arguments", "yield", "await", "return", "break;", "/* : */", "//", "\"", "`", "receive()", "match(v)", "var X = 1;", "\n"];

/** 1-3 token edits, applied from the end of the file back so earlier offsets stay valid. */
function mutate(text: string, toks: [number, number][], rand: () => number): string {
  const n = 1 + Math.floor(rand() * 3);
  const picks = [...new Set(Array.from({ length: n }, () => Math.floor(rand() * toks.length)))].sort((a, b) => b - a);
  let out = text;
  for (const i of picks) {
    const [s, e] = toks[i]!;
    const op = Math.floor(rand() * 4);
    if (op === 0) out = out.slice(0, s) + out.slice(e); // delete
    else if (op === 1) out = out.slice(0, e) + " " + out.slice(s, e) + out.slice(e); // duplicate
    else if (op === 2 && i > 0) {
      const [s0, e0] = toks[i - 1]!; // swap with the previous token
      out = out.slice(0, s0) + out.slice(s, e) + out.slice(e0, s) + out.slice(s0, e0) + out.slice(e);
    } else out = out.slice(0, s) + INSERTS[Math.floor(rand() * INSERTS.length)]! + " " + out.slice(s); // insert
  }
  return out;
}

/** The fuzzer's seeds: the valid sources above and every error fixture. */
const seeds = [
  ...sources,
  ...readdirSync(join(repo, "test/fixtures/errors")).map((d) => `test/fixtures/errors/${d}/input.ts`).map((file) => ({ file, text: readFileSync(join(repo, file), "utf8") })),
];

describe("compile() on token mutants of the fixtures and the allocator", () => {
  const PER_SOURCE = 60;
  it(`never throws; without errors its output parses and keeps every line (${PER_SOURCE} mutants per source, fixed seeds)`, () => {
    let compiled = 0;
    let rejected = 0;
    seeds.forEach(({ file, text }, si) => {
      const rand = prng(0x5eed + si);
      const toks = tokens(text);
      for (let m = 0; m < PER_SOURCE; m++) {
        const mutant = mutate(text, toks, rand);
        let r: CompileResult;
        try {
          r = checkAnswer(file, mutant);
        } catch (e) {
          throw new Error(`mutant ${m} of ${file} (seed ${0x5eed + si}):\n${mutant}\n\n${String(e)}`);
        }
        if (r.diagnostics.length > 0) rejected++;
        else if (r.changed) compiled++;
      }
    });
    // the mutants exercise both answers: code and diagnostics
    expect(compiled).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});

describe("the one boundary", () => {
  it("an unexpected exception inside the compiler is an internal-error diagnostic at the switch, never a throw", () => {
    const src = `import { match } from "ts-otp";\nexport function f(v: unknown) {\n  switch (match(v)) {\n    case 1: return 1;\n  }\n}\n`;
    const spy = vi.spyOn(MagicString.prototype, "update").mockImplementation(() => {
      throw new Error("boom");
    });
    try {
      const r = compile("src/f.ts", src);
      expect(r.changed).toBe(false);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({ file: "src/f.ts", line: 3, column: 3, code: "OTP1031" });
      expect(r.diagnostics[0]!.message).toContain("Error: boom");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("size limits", () => {
  it("a 2,500-clause matcher is split into chunks TypeScript accepts (no TS2563)", () => {
    const file = "test/fixtures/patterns/many-clauses/input.ts";
    const r = compile(file, readFileSync(join(repo, file), "utf8"));
    expect(r.diagnostics).toEqual([]);
    // the hoisted/closure matcher alone, type-checked: flow analysis is what gives up on huge bodies
    const start = r.code.indexOf("const __c1 = ");
    const matcher = r.code.slice(start, r.code.indexOf("(__m1); switch", start) + "(__m1)".length) + ";";
    const text = `declare const __m1: any;\n${matcher}\n`;
    const host = ts.createCompilerHost({ strict: true, noEmit: true, noLib: true, types: [] });
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (name, lang, ...rest) => (name === "matcher.ts" ? ts.createSourceFile(name, text, lang) : getSourceFile.call(host, name, lang, ...rest));
    const program = ts.createProgram(["matcher.ts"], { strict: true, noEmit: true, noLib: true, types: [] }, host);
    const codes = ts.getPreEmitDiagnostics(program).map((d) => d.code);
    expect(codes).not.toContain(2563);
    expect(matcher.match(/__otp_chunk\d/g)?.length).toBeGreaterThanOrEqual(5 * 2); // 5 chunks, each defined and called
  });
});
