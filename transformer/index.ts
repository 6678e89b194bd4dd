// ts-otp/transformer: the receive compiler's core and its ts-patch door.
// (Stub until the core lands: passes every file through unchanged.)
export * from "./api.js";
import type { CompileOptions, CompileResult } from "./api.js";

/** Cheap pre-check: files that cannot contain the DSL are passed through untouched. */
export function mightContainDsl(source: string): boolean {
  return /\b(?:receive|match)\s*[<(]/.test(source);
}

export function compile(fileName: string, source: string, _options: CompileOptions = {}): CompileResult {
  void fileName;
  return { code: source, map: null, changed: false, diagnostics: [] };
}
