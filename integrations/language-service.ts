// ts-otp/language-service: the tsserver plugin. The editor's TypeScript sees each DSL file as the
// compiler core compiles it (what tspc type-checks), and every position maps between the file as
// written and that code, through the spans compile() returns. @volar/typescript does the serving
// and the mapping of each language-service call; this module says what the code is and what each
// span of it may answer for (docs/editor.md says why Volar).
//
//   tsconfig.json > compilerOptions.plugins: [{ "name": "ts-otp/language-service" }]
//
// Options besides `name` are CompileOptions, e.g. "runtimeModules": ["my-otp"].

import type ts from "typescript";
import type { CodeInformation, CodeMapping, IScriptSnapshot, LanguagePlugin, VirtualCode } from "@volar/language-core";
import type {} from "@volar/typescript"; // its types add `typescript` to LanguagePlugin
import { createLanguageServicePlugin } from "@volar/typescript/lib/quickstart/createLanguageServicePlugin.js";
import { compile, isError, mightContainDsl, type CodeSpan, type CompileOptions, type CompileResult } from "../transformer/index.js";
import { toTsDiagnostic } from "../transformer/ts-patch.js";

type TS = typeof ts;

/** The language id of a file that may use the DSL; any other file is left to TypeScript alone. */
const DSL_FILE = "ts-otp";

/**
 * What each kind of span answers for. Text left as written answers for everything; a rewritten
 * head or label for diagnostics only (an error in the code standing for it is shown on it); a copy
 * (a guard, a `match` subject) for everything but formatting; a binding's declaration in the case
 * body for everything a name does (its hover is the narrowed type), and its declaration in the
 * matcher for navigation only, so rename and references reach the guards without a second hover.
 */
const FEATURES: Record<CodeSpan["kind"], CodeInformation> = {
  same: { verification: true, completion: true, semantic: true, navigation: true, structure: true, format: true },
  rewritten: { verification: true },
  copy: { verification: true, completion: true, semantic: true, navigation: true },
  binding: { verification: true, semantic: true, navigation: true },
  "guard-binding": { navigation: true },
};

interface DslCode extends VirtualCode {
  fileName: string;
}

/** A DSL file as last compiled: its text as written and what compile() made of it. */
interface Compiled {
  text: string;
  result: CompileResult;
  lineStarts?: number[];
}

function scriptKind(tsi: TS, fileName: string): ts.ScriptKind {
  return /\.[cm]?tsx$/i.test(fileName) ? tsi.ScriptKind.TSX : /\.[cm]?jsx$/i.test(fileName) ? tsi.ScriptKind.JSX : /\.[cm]?js$/i.test(fileName) ? tsi.ScriptKind.JS : tsi.ScriptKind.TS;
}

function extensionOf(fileName: string): string {
  return /\.[cm]?[jt]sx?$/i.exec(fileName)?.[0].toLowerCase() ?? ".ts";
}

/** The file as the language service checks it: compiled when it compiles, else as written. */
function virtualCode(fileName: string, snapshot: IScriptSnapshot, { text, result }: Compiled): DslCode {
  if (!result.changed || result.diagnostics.some(isError) || result.spans === undefined) {
    const mappings: CodeMapping[] = [{ sourceOffsets: [0], generatedOffsets: [0], lengths: [text.length], data: FEATURES.same }];
    return { id: "ts", languageId: "typescript", snapshot, mappings, fileName };
  }
  const code = result.code;
  // Volar takes the first mapping that fits: finer spans first, so an error in a guard is shown on
  // the guard, and the rewritten head around its copy only answers for what no finer span covers.
  const rank = (s: CodeSpan) => (s.kind === "rewritten" ? 2 : s.kind === "same" ? 1 : 0);
  const mappings = [...result.spans].sort((a, b) => rank(a) - rank(b)).map(
    (s): CodeMapping => ({
      sourceOffsets: [s.source],
      generatedOffsets: [s.generated],
      lengths: [s.sourceLength],
      generatedLengths: [s.generatedLength],
      data: FEATURES[s.kind],
    }),
  );
  const compiled: IScriptSnapshot = {
    getText: (start, end) => code.slice(start, end),
    getLength: () => code.length,
    getChangeRange: () => undefined,
  };
  return { id: "ts", languageId: "typescript", snapshot: compiled, mappings, linkedCodeMappings: linkedBindings(result.spans), fileName };
}

/**
 * A binding with guards is declared twice in the compiled code (in the matcher for the guards, and
 * at the top of the case body): linking the two makes rename and references from either side
 * reach the other.
 */
function linkedBindings(spans: readonly CodeSpan[]): CodeMapping[] {
  const inBody = new Map<number, CodeSpan[]>();
  for (const s of spans) if (s.kind === "binding") inBody.set(s.source, [...(inBody.get(s.source) ?? []), s]);
  return spans
    .filter((s) => s.kind === "guard-binding")
    .flatMap((g) =>
      (inBody.get(g.source) ?? []).map((b): CodeMapping => ({ sourceOffsets: [g.generated], generatedOffsets: [b.generated], lengths: [g.generatedLength], data: {} })),
    );
}

/**
 * The Volar language plugin: a file whose text mentions `receive` or `match` gets its own language
 * id, so it gets a virtual code, and loses it again when an edit removes them (Volar re-creates a
 * script's code only when its language id changes).
 */
function dslLanguage(tsi: TS, info: ts.server.PluginCreateInfo, options: CompileOptions, results: Map<string, Compiled>): LanguagePlugin<string, DslCode> {
  const readSource = info.languageServiceHost.getScriptSnapshot.bind(info.languageServiceHost);
  return {
    getLanguageId(fileName) {
      // Installed packages are compiled already (tspc skips them too); a declaration file has no code.
      if (!/\.[cm]?[jt]sx?$/i.test(fileName) || /\.d\.[cm]?ts$/i.test(fileName) || /[\\/]node_modules[\\/]/.test(fileName)) return undefined;
      const snapshot = readSource(fileName);
      if (snapshot !== undefined && mightContainDsl(snapshot.getText(0, snapshot.getLength()))) return DSL_FILE;
      results.delete(fileName);
      return undefined;
    },
    createVirtualCode(fileName, languageId, snapshot) {
      if (languageId !== DSL_FILE) return undefined;
      const text = snapshot.getText(0, snapshot.getLength());
      const compiled: Compiled = { text, result: compile(fileName, text, options) };
      results.set(fileName, compiled);
      return virtualCode(fileName, snapshot, compiled);
    },
    typescript: {
      extraFileExtensions: [],
      getServiceScript(root) {
        const { fileName } = root as DslCode; // Volar's types forget the plugin's own VirtualCode here
        return { code: root, extension: extensionOf(fileName), scriptKind: scriptKind(tsi, fileName), preventLeadingOffset: true };
      },
    },
  };
}

/**
 * What Volar leaves to this plugin, on top of its proxy:
 * - a file with DSL errors is checked as written, as tspc does, and reports those errors only (its
 *   uncompiled text would add a "Cannot find name" for every pattern binding);
 * - tsserver turns offsets it gets back into lines and columns with toLineColumnOffset, which
 *   reads the program's (compiled) text: for a DSL file, count them in the text as written;
 * - a binding is found through both of its declarations, so references come back twice: once;
 * - types reached through the compiled code's `import type * as __otp_T` print as `__otp_T.Pid`:
 *   as the user wrote them;
 * - Volar gives a generated file no outline and no folding: the compiled file's, mapped back (the
 *   structure is the user's, as only heads and labels change), without the compiled code's names.
 */
function withDslFixes(tsi: TS, ls: ts.LanguageService, base: ts.LanguageService, results: Map<string, Compiled>): ts.LanguageService {
  const compiledOf = (fileName: string): { c: Compiled; spans: readonly CodeSpan[] } | undefined => {
    const c = results.get(fileName);
    return c?.result.changed && !c.result.diagnostics.some(isError) && c.result.spans ? { c, spans: c.result.spans } : undefined;
  };
  const dslErrors = (fileName: string): ts.Diagnostic[] | undefined => {
    const r = results.get(fileName)?.result;
    if (r === undefined || r.diagnostics.length === 0) return undefined;
    const sf = ls.getProgram()?.getSourceFile(fileName);
    return sf === undefined ? undefined : r.diagnostics.map((d) => toTsDiagnostic(tsi, d, sf));
  };
  const overrides: Partial<ts.LanguageService> = {
    getSemanticDiagnostics(fileName) {
      const own = ls.getSemanticDiagnostics(fileName); // brings the file's compile result up to date
      const dsl = dslErrors(fileName);
      if (dsl !== undefined) return dsl;
      const m = compiledOf(fileName);
      return m === undefined ? own : onRewrittenCode(own, m.spans);
    },
    getSuggestionDiagnostics(fileName) {
      const own = ls.getSuggestionDiagnostics(fileName);
      return dslErrors(fileName) === undefined ? own : [];
    },
    toLineColumnOffset(fileName, position) {
      const c = results.get(fileName);
      if (c === undefined || !c.result.changed) return ls.toLineColumnOffset!(fileName, position);
      c.lineStarts ??= lineStarts(c.text);
      let lo = 0;
      let hi = c.lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (c.lineStarts[mid]! <= position) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, character: position - c.lineStarts[lo]! };
    },
    findReferences(fileName, position) {
      const found = ls.findReferences(fileName, position);
      if (found === undefined) return undefined;
      const seen = new Set<string>();
      return found
        .map((s) => ({ ...s, references: s.references.filter((r) => !seen.has(spanKey(r)) && seen.add(spanKey(r)) !== undefined) }))
        .filter((s) => s.references.length > 0);
    },
    getReferencesAtPosition(fileName, position) {
      const seen = new Set<string>();
      return ls.getReferencesAtPosition(fileName, position)?.filter((r) => !seen.has(spanKey(r)) && seen.add(spanKey(r)) !== undefined);
    },
    getQuickInfoAtPosition(fileName, position, ...rest: unknown[]) {
      const q = (ls.getQuickInfoAtPosition as (...a: unknown[]) => ts.QuickInfo | undefined)(fileName, position, ...rest);
      return q === undefined ? q : { ...q, displayParts: userTypeNames(q.displayParts) };
    },
    // The base service's answer first: asking brings the file's compile result up to date.
    getOutliningSpans(fileName) {
      const own = base.getOutliningSpans(fileName);
      const m = compiledOf(fileName);
      if (m === undefined) return own;
      const seen = new Set<string>();
      return own.flatMap((o) => {
        const textSpan = toSourceSpan(m.c, m.spans, o.textSpan);
        const hintSpan = toSourceSpan(m.c, m.spans, o.hintSpan);
        if (textSpan === undefined || hintSpan === undefined || textSpan.length === 0) return [];
        const key = `${textSpan.start}:${textSpan.length}`;
        return seen.has(key) || seen.add(key) === undefined ? [] : [{ ...o, textSpan, hintSpan }];
      });
    },
    getNavigationTree(fileName) {
      const own = base.getNavigationTree(fileName);
      const m = compiledOf(fileName);
      if (m === undefined) return own;
      const map = (t: ts.NavigationTree): ts.NavigationTree | undefined => {
        const spans = t.spans.map((x) => toSourceSpan(m.c, m.spans, x)).filter((x) => x !== undefined);
        if (spans.length === 0 || COMPILED_NAME.test(t.text)) return undefined;
        const childItems = t.childItems?.map(map).filter((x) => x !== undefined);
        return { ...t, spans, nameSpan: t.nameSpan && toSourceSpan(m.c, m.spans, t.nameSpan), childItems };
      };
      return map(own) ?? own;
    },
    getCompletionsAtPosition(fileName, position, options, formatting) {
      const list = ls.getCompletionsAtPosition(fileName, position, options, formatting);
      if (list === undefined || !results.get(fileName)?.result.changed) return list;
      return { ...list, entries: list.entries.filter((e) => !COMPILED_NAME.test(e.name)) };
    },
    getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions, preferences) {
      const fixes = ls.getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions, preferences);
      if (!results.get(fileName)?.result.changed) return fixes;
      // Edits written against the compiled code may name its namespace: `__otp_T.Pid` is the
      // user's `Pid`; a fix that only qualifies a name with it ("Change 'exit' to '__otp_T.exit'",
      // through a type-only import) is no fix at all.
      return fixes
        .map((f) => ({ ...f, description: f.description.replaceAll("__otp_T.", ""), changes: f.changes.map((c) => ({ ...c, textChanges: c.textChanges.map((t) => ({ ...t, newText: t.newText.replaceAll("__otp_T.", "") })) })) }))
        .filter((f) => f.changes.some((c) => c.textChanges.some((t) => t.newText !== "" || t.span.length > 0)) && !/__otp_|\b__[mcv]\d+\b/.test(f.description));
    },
    getCompletionEntryDetails(...args) {
      const d = ls.getCompletionEntryDetails(...args);
      return d === undefined ? d : { ...d, displayParts: userTypeNames(d.displayParts)! };
    },
  };
  return new Proxy(ls, {
    get(target, p, receiver) {
      return Object.prototype.hasOwnProperty.call(overrides, p) ? overrides[p as keyof ts.LanguageService] : Reflect.get(target, p, receiver);
    },
  });
}

/** Names only the compiled code declares: its imports, and each switch's message, clause and subject. */
const COMPILED_NAME = /^__(otp_\w*|[mcv]\d+)$/;

/**
 * A compiled-code offset as an offset in the file as written, for structure (outline, folding), or
 * undefined when it has none: text left as written maps 1:1, and inside a rewritten head or label
 * only a position whose text up to the piece's end (or from its start) is the same on both sides,
 * such as the `{` that ends a switch head in both.
 */
function toSource(c: Compiled, spans: readonly CodeSpan[], g: number): number | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.generated <= g) lo = mid + 1;
    else hi = mid - 1;
  }
  const code = c.result.code;
  for (let i = lo - 1; i >= 0; i--) {
    const s = spans[i]!;
    if (s.kind !== "same" && s.kind !== "rewritten") continue; // fine spans lie inside rewritten ones
    const into = g - s.generated;
    if (into > s.generatedLength) return undefined; // inserted code
    if (s.kind === "same") return s.source + into;
    const tail = s.generatedLength - into;
    const srcEnd = s.source + s.sourceLength;
    if (tail <= s.sourceLength && code.slice(g, s.generated + s.generatedLength) === c.text.slice(srcEnd - tail, srcEnd)) return srcEnd - tail;
    if (into <= s.sourceLength && code.slice(s.generated, g) === c.text.slice(s.source, s.source + into)) return s.source + into;
    return undefined;
  }
  return g === 0 ? 0 : undefined;
}

function toSourceSpan(c: Compiled, spans: readonly CodeSpan[], t: ts.TextSpan): ts.TextSpan | undefined {
  const start = toSource(c, spans, t.start);
  const end = toSource(c, spans, t.start + t.length);
  return start === undefined || end === undefined || end < start ? undefined : { start, length: end - start };
}

/**
 * A DSL file's type errors as the user should see them. An error in code that a head or label was
 * rewritten into, outside any copy of the user's text (say, `yield` in a generator whose yield type
 * excludes receive's descriptor), covers that whole head or label rather than the point where
 * Volar's mapping clamps it. An error found once per copy (an unknown `Msg` in `receive<Msg>()`,
 * copied into each binding's type) is reported once.
 */
function onRewrittenCode(diagnostics: readonly ts.Diagnostic[], spans: readonly CodeSpan[]): ts.Diagnostic[] {
  const seen = new Set<string>();
  const out: ts.Diagnostic[] = [];
  for (const d of diagnostics) {
    let e = d;
    if (d.start !== undefined && d.length !== undefined) {
      const start = d.start;
      const end = d.start + d.length;
      const inside = (s: CodeSpan) => s.source <= start && end <= s.source + s.sourceLength;
      const rewritten = spans.find((s) => s.kind === "rewritten" && s.sourceLength > 0 && inside(s));
      if (rewritten !== undefined && !spans.some((s) => s.kind !== "rewritten" && s.kind !== "same" && inside(s)))
        e = { ...d, start: rewritten.source, length: rewritten.sourceLength };
    }
    const key = `${e.start}:${e.length}:${e.code}:${tsMessage(e.messageText)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(e);
    }
  }
  return out;
}

function tsMessage(m: string | ts.DiagnosticMessageChain): string {
  return typeof m === "string" ? m : `${m.messageText}|${(m.next ?? []).map(tsMessage).join("|")}`;
}

/** Where each line starts, with TypeScript's line breaks (\n, \r\n, \r, U+2028, U+2029). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 && text.charCodeAt(i + 1) === 10) continue; // \r\n: the break is at the \n
    if (ch === 10 || ch === 13 || ch === 0x2028 || ch === 0x2029) starts.push(i + 1);
  }
  return starts;
}

function spanKey(r: ts.DocumentSpan): string {
  return `${r.fileName}:${r.textSpan.start}:${r.textSpan.length}`;
}

/** `__otp_T.Pid` -> `Pid`: the compiled code's own namespace, which the user never wrote. */
function userTypeNames(parts: ts.SymbolDisplayPart[] | undefined): ts.SymbolDisplayPart[] | undefined {
  if (parts === undefined) return parts;
  const out: ts.SymbolDisplayPart[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.text === "__otp_T" && parts[i + 1]?.text === ".") {
      i++;
      continue;
    }
    out.push(parts[i]!);
  }
  return out;
}

function compileOptions(config: unknown): CompileOptions {
  const c = config as { runtimeModules?: unknown } | undefined;
  return Array.isArray(c?.runtimeModules) ? { runtimeModules: c.runtimeModules.filter((m): m is string => typeof m === "string") } : {};
}

/** The plugin module's factory, as tsserver calls it with its own `typescript`. */
export default function init(modules: { typescript: TS }): ts.server.PluginModule {
  const tsi = modules.typescript;
  let getExternalFiles: ts.server.PluginModule["getExternalFiles"];
  return {
    create(info) {
      const results = new Map<string, Compiled>();
      const options = compileOptions(info.config);
      const base = info.languageService;
      const volar = createLanguageServicePlugin((_ts, i) => ({ languagePlugins: [dslLanguage(tsi, i, options, results)] }))(modules as never);
      getExternalFiles ??= volar.getExternalFiles;
      return withDslFixes(tsi, volar.create(info), base, results);
    },
    getExternalFiles(project, updateLevel) {
      return getExternalFiles?.(project, updateLevel) ?? [];
    },
  };
}
