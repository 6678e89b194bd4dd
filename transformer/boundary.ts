// The one boundary where failures become diagnostics: compile() never throws. A TransformerError
// (a mistake in the user's DSL) is reported at its node; any other exception (a bug here, a stack
// overflow in TypeScript's parser) becomes an "internal error" at the nearest DSL construct.

import ts from "typescript";
import type { DslDiagnostic } from "./api.js";
import { Messages, TransformerError, type MessageId } from "./diagnostics.js";

/** A diagnostic over `[start, end)` of `text`, with its 1-based line and column. */
export function diagnosticAt(file: string, text: string, start: number, end: number, id: MessageId, ...args: string[]): DslDiagnostic {
  const message = args.reduce<string>((t, a, i) => t.replaceAll(`{${i}}`, a), Messages[id].text);
  return { file, ...lineCol(text, start), start, length: Math.max(0, end - start), code: Messages[id].code, message };
}

function lineCol(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: pos - lineStart + 1 };
}

/** Converts anything thrown while compiling `near` (or the file, when null) into a diagnostic. */
export function toDiagnostic(sf: ts.SourceFile, e: unknown, near: ts.Node | null): DslDiagnostic {
  if (e instanceof TransformerError) {
    const start = e.node.getStart(sf);
    return {
      ...diagnosticAt(sf.fileName, sf.text, start, e.node.getEnd(), "InternalError", ""),
      code: e.code,
      message: e.message,
      ...(e.severity === "warning" ? { severity: "warning" as const } : {}),
    };
  }
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  const start = near === null ? 0 : near.getStart(sf);
  const end = near === null ? 0 : near.getEnd();
  return diagnosticAt(sf.fileName, sf.text, start, end, "InternalError", what.slice(0, 200));
}

/**
 * Parses the file, or says why it cannot be compiled: TypeScript's syntax errors (the splice needs
 * a well-formed tree: a case without its colon has no place to put the label), or a parser stack
 * overflow on absurdly nested input, reported where the nesting is deepest.
 */
export function parseSource(fileName: string, text: string, kind: ts.ScriptKind): { sf: ts.SourceFile | null; errors: DslDiagnostic[] } {
  // Absurd nesting is refused before parsing, the same on every stack size (TypeScript's parser
  // recurses per level and overflows somewhere past 1,000 levels, depending on the thread's stack).
  if (OPENER_RUN.test(text)) {
    const { depth, at } = deepestPoint(text, kind);
    if (depth > MAX_NESTING) return { sf: null, errors: [diagnosticAt(fileName, text, at, at + 1, "FileTooDeep")] };
  }
  let sf: ts.SourceFile;
  try {
    sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const { at } = deepestPoint(text, kind);
    return { sf: null, errors: [diagnosticAt(fileName, text, at, at + 1, "FileTooDeep")] };
  }
  const parse = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return {
    sf,
    errors: parse.slice(0, 5).map((d) =>
      diagnosticAt(fileName, text, d.start, d.start + d.length, "SyntaxError", ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/\.$/, ""))),
  };
}

/** Bracket nesting the compiler accepts in a file; deeper is refused before parsing. */
export const MAX_NESTING = 1000;
/** A cheap sign that a file might nest deeply: a long run of opening brackets. */
const OPENER_RUN = /(?:[[({]\s*){100}/;

/** The greatest bracket depth, and the first token at it: where a too-deep expression sits. */
function deepestPoint(text: string, kind: ts.ScriptKind): { depth: number; at: number } {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, kind === ts.ScriptKind.TSX ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard, text);
  let depth = 0;
  let max = -1;
  let at = 0;
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan()) {
    if (t === ts.SyntaxKind.OpenBracketToken || t === ts.SyntaxKind.OpenParenToken || t === ts.SyntaxKind.OpenBraceToken || t === ts.SyntaxKind.TemplateHead) depth++;
    else if (t === ts.SyntaxKind.CloseBracketToken || t === ts.SyntaxKind.CloseParenToken || t === ts.SyntaxKind.CloseBraceToken) depth--;
    if (depth > max) {
      max = depth;
      at = scanner.getTokenStart();
    }
  }
  return { depth: max, at };
}
