// The one compiler core's public contract, shared by every door (ts-patch, esbuild, Vite, CLI):
// DSL source text in, TypeScript text out with a source map, plus diagnostics at the user's lines.

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
  /** Compile errors; when non-empty, `code` must not be run. */
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
}

/** "file:line:col - error OTP1001: message", the format tsc uses. */
export function formatDiagnostic(d: DslDiagnostic): string {
  return `${d.file}:${d.line}:${d.column} - error ${d.code}: ${d.message}`;
}

/** A DSL compile error surfaced by a door (esbuild, Vite, the CLI) as one exception. */
export class DslCompileError extends Error {
  override name = "DslCompileError";
  constructor(readonly diagnostics: DslDiagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
  }
}
