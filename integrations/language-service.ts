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
import { createLanguageServicePlugin } from "@volar/typescript/lib/quickstart/createLanguageServicePlugin.js";
import { compile, mightContainDsl, type CodeSpan, type CompileOptions, type CompileResult } from "../transformer/index.js";
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
  result: CompileResult;
}

function scriptKind(tsi: TS, fileName: string): ts.ScriptKind {
  return /\.[cm]?tsx$/i.test(fileName) ? tsi.ScriptKind.TSX : /\.[cm]?jsx$/i.test(fileName) ? tsi.ScriptKind.JSX : /\.[cm]?js$/i.test(fileName) ? tsi.ScriptKind.JS : tsi.ScriptKind.TS;
}

function extensionOf(fileName: string): string {
  return /\.[cm]?[jt]sx?$/i.exec(fileName)?.[0].toLowerCase() ?? ".ts";
}

/** The file as the language service checks it: compiled when it compiles, else as written. */
function virtualCode(fileName: string, snapshot: IScriptSnapshot, result: CompileResult): DslCode {
  const text = snapshot.getText(0, snapshot.getLength());
  if (!result.changed || result.diagnostics.length > 0 || result.spans === undefined) {
    const mappings: CodeMapping[] = [{ sourceOffsets: [0], generatedOffsets: [0], lengths: [text.length], data: FEATURES.same }];
    return { id: "ts", languageId: "typescript", snapshot, mappings, fileName, result };
  }
  const code = result.code;
  const mappings = result.spans.map(
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
  return { id: "ts", languageId: "typescript", snapshot: compiled, mappings, fileName, result };
}

/**
 * The Volar language plugin: a file whose text mentions `receive` or `match` gets its own language
 * id, so it gets a virtual code, and loses it again when an edit removes them (Volar re-creates a
 * script's code only when its language id changes).
 */
function dslLanguage(tsi: TS, info: ts.server.PluginCreateInfo, options: CompileOptions, results: Map<string, CompileResult>): LanguagePlugin<string, DslCode> {
  const readSource = info.languageServiceHost.getScriptSnapshot.bind(info.languageServiceHost);
  return {
    getLanguageId(fileName) {
      if (!/\.[cm]?[jt]sx?$/i.test(fileName) || /\.d\.[cm]?ts$/i.test(fileName)) return undefined;
      const snapshot = readSource(fileName);
      if (snapshot !== undefined && mightContainDsl(snapshot.getText(0, snapshot.getLength()))) return DSL_FILE;
      results.delete(fileName);
      return undefined;
    },
    createVirtualCode(fileName, languageId, snapshot) {
      if (languageId !== DSL_FILE) return undefined;
      const result = compile(fileName, snapshot.getText(0, snapshot.getLength()), options);
      results.set(fileName, result);
      return virtualCode(fileName, snapshot, result);
    },
    typescript: {
      extraFileExtensions: [],
      getServiceScript(root) {
        return { code: root, extension: extensionOf(root.fileName), scriptKind: scriptKind(tsi, root.fileName), preventLeadingOffset: true };
      },
    },
  };
}

/**
 * A file with DSL errors is checked as written, as tspc does, and reports those errors only (its
 * uncompiled text would add a "Cannot find name" for every pattern binding).
 */
function withDslErrors(tsi: TS, ls: ts.LanguageService, results: Map<string, CompileResult>): ts.LanguageService {
  const dslErrors = (fileName: string): ts.Diagnostic[] | undefined => {
    const r = results.get(fileName);
    if (r === undefined || r.diagnostics.length === 0) return undefined;
    const sf = ls.getProgram()?.getSourceFile(fileName);
    return sf === undefined ? undefined : r.diagnostics.map((d) => toTsDiagnostic(tsi, d, sf));
  };
  const semantic = ls.getSemanticDiagnostics.bind(ls);
  const suggestion = ls.getSuggestionDiagnostics.bind(ls);
  return new Proxy(ls, {
    get(target, p, receiver) {
      if (p === "getSemanticDiagnostics")
        return (fileName: string) => {
          const own = semantic(fileName); // brings the file's compile result up to date
          return dslErrors(fileName) ?? own;
        };
      if (p === "getSuggestionDiagnostics")
        return (fileName: string) => {
          const own = suggestion(fileName);
          return dslErrors(fileName) === undefined ? own : [];
        };
      return Reflect.get(target, p, receiver);
    },
  });
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
      const results = new Map<string, CompileResult>();
      const options = compileOptions(info.config);
      const volar = createLanguageServicePlugin((_ts, i) => ({ languagePlugins: [dslLanguage(tsi, i, options, results)] }))(modules as never);
      getExternalFiles ??= volar.getExternalFiles;
      return withDslErrors(tsi, volar.create(info), results);
    },
    getExternalFiles(project, updateLevel) {
      return getExternalFiles?.(project, updateLevel) ?? [];
    },
  };
}
