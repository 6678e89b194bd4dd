// The one compiler core's public contract, shared by every door (ts-patch, esbuild, Vite, CLI):
// DSL source text in, TypeScript text out with a source map, plus diagnostics at the user's lines.

import type { Shape } from "./shapes.js";
import type { CodeSpan } from "./spans.js";
export type { CodeSpan } from "./spans.js";

export interface DslDiagnostic {
  file: string;
  /** 1-based line and column of the offending construct in the original source. */
  line: number;
  column: number;
  /** Offset and length in the original source (for editors and ts.Diagnostic). */
  start: number;
  length: number;
  /** A stable code from transformer/diagnostics.ts, e.g. "OTP1001". */
  code: string;
  message: string;
  /** "warning" does not stop a door from emitting code (e.g. an unreachable clause); absent means "error". */
  severity?: "error" | "warning";
}

/** Whether a diagnostic stops the file from compiling (everything but a warning). */
export function isError(d: DslDiagnostic): boolean {
  return d.severity !== "warning";
}

export interface SourceMapV3 {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

export interface CompileResult {
  /** The transformed TypeScript (the input itself when the file uses no DSL). */
  code: string;
  /** A source map from `code` back to the input; null when nothing changed. */
  map: SourceMapV3 | null;
  /** Whether the file used the DSL and was rewritten. */
  changed: boolean;
  /** Compile errors and warnings; when it holds an error (isError), `code` is the input and must not be run. */
  diagnostics: DslDiagnostic[];
  /**
   * When `changed`: every piece of `code` and where it came from, finer than `map` (a binding's
   * pattern site and its declaration, a guard and its copy in the matcher); what editors map with.
   */
  spans?: CodeSpan[];
}

export interface CompileOptions {
  /**
   * Module specifiers that count as ts-otp's runtime when `receive`/`match`/`after` are imported
   * from them, besides "ts-otp" itself and relative paths to a `runtime/index` module.
   */
  runtimeModules?: string[];
  /**
   * Answers from a type checker, for the checks the syntax alone cannot settle (what an imported
   * pattern name is, the members of a message type declared elsewhere). The ts-patch door passes
   * one (transformer/type-oracle.ts); without it those checks are made from the file's syntax.
   */
  types?: TypeOracle;
}

/** Type-level answers about the source text compile() is given, by offset range [start, end). */
export interface TypeOracle {
  /** What the name at [start, end) refers to: a class, a function, any other value; undefined if unknown. */
  valueKind(start: number, end: number): "class" | "function" | "value" | undefined;
  /** The type written at [start, end) (a receive's type argument) as a shape; undefined if unknown. */
  typeShape(start: number, end: number): Shape | undefined;
  /** Whether the call at [start, end) calls a (non-async) generator function or method; undefined if unknown. */
  callsGenerator(start: number, end: number): boolean | undefined;
}

/** "file:line:col - error OTP1001: message" (or "- warning"), the format tsc uses. */
export function formatDiagnostic(d: DslDiagnostic): string {
  return `${d.file}:${d.line}:${d.column} - ${d.severity ?? "error"} ${d.code}: ${d.message}`;
}

/** A DSL compile error surfaced by a door (esbuild, Vite, the CLI) as one exception. */
export class DslCompileError extends Error {
  override name = "DslCompileError";
  constructor(readonly diagnostics: DslDiagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
  }
}
