// The ts-patch door: `tspc` type-checks and emits the *compiled* program, with DSL errors reported
// as TypeScript diagnostics at the user's own lines. A thin layer over compile(); it owns no
// lowering of its own.
//
//   tsconfig.json > compilerOptions.plugins:
//     { "transform": "ts-otp/transformer", "transformProgram": true }   (type-checks compiled code)
//     { "transform": "ts-otp/transformer" }                              (emit only: a `before` transformer)
//
// Use the first: without transformProgram, tsc still type-checks the source as written, where
// every pattern binding is an undeclared name ("Cannot find name 'From'"); the second is for tools
// that only emit (ts-loader / ts-jest with transpileOnly, ts.transpileModule).
//
// The Program transformer re-creates the Program over a CompilerHost that serves compile(...).code
// for the files that use the DSL (every other SourceFile is reused from the first Program). The
// core is a line-preserving splice, so a type error in compiled code is reported at the user's
// line. A file with DSL errors is served as written (its emit then throws DslNotCompiled when run)
// and its errors become ts.Diagnostics: category Error, code 9000 + the OTP code's last three
// digits (OTP1010 -> TS9010), anchored at the original start/length of the offending construct.
// A DSL warning (OTP1104 -> TS9104) is category Warning and the file is still compiled. compile()
// is given a TypeOracle over the original Program's checker (type-oracle.ts), so the checks that
// need types (an imported pattern name, a message type from another module) are complete here.
//
// Plugin options besides ts-patch's own are CompileOptions, e.g. "runtimeModules": ["my-otp"].

import ts from "typescript";
import { compile, isError, mightContainDsl, DslCompileError, type CompileOptions, type DslDiagnostic } from "./index.js";
import { checkerOracle } from "./type-oracle.js";

export * from "./index.js";
export { checkerOracle } from "./type-oracle.js";

type TS = typeof ts;

/** What ts-patch passes as `config`: the plugin's entry in tsconfig.json. */
export interface TsOtpPluginConfig extends CompileOptions {
  transform?: string;
  transformProgram?: boolean;
  [key: string]: unknown;
}

/** The ts.Diagnostic code of a DSL diagnostic: OTP1xyz -> 9xyz. */
export function diagnosticCode(code: string): number {
  const digits = /\d+/.exec(code)?.[0];
  return 9000 + (digits === undefined ? 0 : Number(digits) % 1000);
}

/** A DSL diagnostic as TypeScript reports it; `file` must hold the *original* text. */
export function toTsDiagnostic(tsi: TS, d: DslDiagnostic, file: ts.SourceFile): ts.Diagnostic {
  return {
    category: isError(d) ? tsi.DiagnosticCategory.Error : tsi.DiagnosticCategory.Warning,
    code: diagnosticCode(d.code),
    file,
    start: d.start,
    length: d.length,
    messageText: `${d.message} (${d.code})`,
    source: "ts-otp",
  };
}

function compileOptions(config: TsOtpPluginConfig | undefined): CompileOptions {
  return config?.runtimeModules ? { runtimeModules: config.runtimeModules } : {};
}

/**
 * ts-patch ProgramTransformer (`"transformProgram": true`): returns a Program whose DSL files are
 * the compiled TypeScript, so type-checking and emit both see what will run.
 */
export function transformProgram(
  program: ts.Program,
  host: ts.CompilerHost | undefined,
  config: TsOtpPluginConfig | undefined,
  extras?: { ts: TS },
): ts.Program {
  const tsi = extras?.ts ?? ts;
  const options = program.getCompilerOptions();
  const compiled = new Map<string, string>();
  const dslErrors = new Map<string, ts.Diagnostic[]>();
  const dslWarnings = new Map<string, ts.Diagnostic[]>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || !mightContainDsl(sf.text)) continue;
    // The checker of this (original) program answers what the syntax cannot: see type-oracle.ts.
    const r = compile(sf.fileName, sf.text, { ...compileOptions(config), types: checkerOracle(program, sf, tsi) });
    const diagnostics = r.diagnostics.map((d) => toTsDiagnostic(tsi, d, sf));
    if (r.diagnostics.some(isError)) dslErrors.set(sf.fileName, diagnostics);
    else {
      if (diagnostics.length > 0) dslWarnings.set(sf.fileName, diagnostics);
      if (r.changed) compiled.set(sf.fileName, r.code);
    }
  }
  if (compiled.size === 0 && dslErrors.size === 0) return program;

  const base = host ?? tsi.createCompilerHost(options);
  const served: ts.CompilerHost = Object.create(base);
  served.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const code = compiled.get(fileName);
    if (code !== undefined) {
      const sf = tsi.createSourceFile(fileName, code, languageVersionOrOptions);
      // Builder programs (--incremental, --watch) need a version; hash the compiled text, so a new
      // compiler that emits differently invalidates the cache too.
      (sf as ts.SourceFile & { version?: string }).version = tsi.sys.createHash?.(code) ?? `${code.length}:${hash(code)}`;
      return sf;
    }
    const old = shouldCreateNewSourceFile ? undefined : program.getSourceFile(fileName);
    return old ?? base.getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
  };
  // Every lookup must go through getSourceFile above.
  served.getSourceFileByPath = undefined;

  const next = tsi.createProgram({
    rootNames: program.getRootFileNames(),
    options,
    host: served,
    oldProgram: program,
    projectReferences: program.getProjectReferences(),
    configFileParsingDiagnostics: program.getConfigFileParsingDiagnostics(),
  });
  if (dslErrors.size > 0 || dslWarnings.size > 0) {
    // Reported with the semantic diagnostics, so other files' type errors still show. A file with
    // DSL errors reports only those: its uncompiled text would add a "Cannot find name" for every
    // pattern binding (as a syntax error hides a file's type errors). A file with DSL warnings
    // reports them before its type errors.
    // While emitting, warnings are left out: noEmitOnError counts every diagnostic, and a warning
    // must not stop emit. (tsc still exits with status 2 when it printed any diagnostic.)
    let emitting = false;
    const withDsl = (sourceFile: ts.SourceFile, own: () => readonly ts.Diagnostic[]): readonly ts.Diagnostic[] =>
      dslErrors.get(sourceFile.fileName) ?? [...(emitting ? [] : (dslWarnings.get(sourceFile.fileName) ?? [])), ...own()];
    const semantic = next.getSemanticDiagnostics;
    next.getSemanticDiagnostics = (sourceFile, cancellationToken) => {
      if (sourceFile !== undefined) return withDsl(sourceFile, () => semantic.call(next, sourceFile, cancellationToken));
      const others = semantic.call(next, undefined, cancellationToken).filter((d) => d.file === undefined || !dslErrors.has(d.file.fileName));
      return [...[...dslErrors.values()].flat(), ...(emitting ? [] : [...dslWarnings.values()].flat()), ...others];
    };
    // Incremental builds (--incremental, --build, --watch) ask per file, through this internal method.
    const internal = next as ts.Program & { getBindAndCheckDiagnostics?: (sf: ts.SourceFile, ct?: ts.CancellationToken) => readonly ts.Diagnostic[] };
    const bindAndCheck = internal.getBindAndCheckDiagnostics;
    if (typeof bindAndCheck === "function") {
      internal.getBindAndCheckDiagnostics = (sourceFile, cancellationToken) => withDsl(sourceFile, () => bindAndCheck.call(next, sourceFile, cancellationToken));
    }
    const emit = next.emit;
    next.emit = (...args) => {
      emitting = true;
      try {
        return emit.apply(next, args);
      } finally {
        emitting = false;
      }
    };
  }
  return next;
}

function hash(text: string): string {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/** ts-patch's TransformerExtras, as far as this door uses them. */
interface SourceTransformerExtras {
  ts?: TS;
  addDiagnostic?: (diagnostic: ts.Diagnostic) => number;
}

/**
 * A `before` TransformerFactory for tools that take custom transformers (ts-patch without
 * transformProgram, ts-loader, ts-jest, `program.emit(..., { before: [...] })`). It re-parses the
 * compiled text, so it only changes emit: type-checking still sees the source as written. DSL errors
 * go to ts-patch's addDiagnostic when there is one, and are thrown as a DslCompileError otherwise.
 */
export function before(
  _program?: ts.Program,
  config?: TsOtpPluginConfig,
  extras?: SourceTransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const tsi = extras?.ts ?? ts;
  return () => (sf) => {
    if (sf.isDeclarationFile || !mightContainDsl(sf.text)) return sf;
    const r = compile(sf.fileName, sf.text, compileOptions(config));
    if (r.diagnostics.some(isError)) {
      if (extras?.addDiagnostic === undefined) throw new DslCompileError(r.diagnostics.filter(isError));
      for (const d of r.diagnostics) extras.addDiagnostic(toTsDiagnostic(tsi, d, sf));
      return sf;
    }
    // warnings go where ts-patch reports diagnostics; without that channel they are not errors to throw
    for (const d of r.diagnostics) extras?.addDiagnostic?.(toTsDiagnostic(tsi, d, sf));
    if (!r.changed) return sf;
    return reparse(tsi, sf, r.code);
  };
}

/**
 * The compiled text as a SourceFile that later (TypeScript's own) transformers can lower. Its nodes
 * were never bound by the Program's checker, so they are marked synthesized: the emit resolver then
 * answers for them from syntax alone (as transpileModule does) instead of looking up symbols that
 * do not exist. Type-only imports written without `type` are still elided by the resolver only for
 * nodes it knows, so they are dropped here by usage: an import specifier whose name is never read
 * as a value in the compiled text is removed.
 */
function reparse(tsi: TS, original: ts.SourceFile, code: string): ts.SourceFile {
  const sf = tsi.createSourceFile(original.fileName, code, original.languageVersion, true, scriptKindOf(tsi, original.fileName));
  const valueNames = collectValueReferences(tsi, sf);
  const statements = sf.statements.map((s) => (tsi.isImportDeclaration(s) ? elideTypeOnly(tsi, s, valueNames) : s)).filter((s): s is ts.Statement => s !== undefined);
  markSynthesized(tsi, sf);
  return tsi.factory.updateSourceFile(sf, statements);
}

function scriptKindOf(tsi: TS, fileName: string): ts.ScriptKind {
  return /\.[cm]?tsx$/.test(fileName) ? tsi.ScriptKind.TSX : tsi.ScriptKind.TS;
}

/** Names read as values anywhere outside import declarations and type positions. */
function collectValueReferences(tsi: TS, sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (tsi.isImportDeclaration(node) || tsi.isTypeNode(node) || tsi.isInterfaceDeclaration(node) || tsi.isTypeAliasDeclaration(node)) return;
    if (tsi.isIdentifier(node)) names.add(node.text);
    if (tsi.isShorthandPropertyAssignment(node)) names.add(node.name.text);
    tsi.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

function elideTypeOnly(tsi: TS, decl: ts.ImportDeclaration, valueNames: Set<string>): ts.Statement | undefined {
  const clause = decl.importClause;
  if (clause === undefined) return decl; // a side-effect import
  if (clause.isTypeOnly) return undefined;
  const name = clause.name && valueNames.has(clause.name.text) ? clause.name : undefined;
  let bindings = clause.namedBindings;
  if (bindings && tsi.isNamespaceImport(bindings)) {
    if (!valueNames.has(bindings.name.text)) bindings = undefined;
  } else if (bindings) {
    const kept = bindings.elements.filter((e) => !e.isTypeOnly && valueNames.has(e.name.text));
    bindings = kept.length === 0 ? undefined : tsi.factory.updateNamedImports(bindings, kept);
  }
  if (name === undefined && bindings === undefined) {
    // `import {} from "x"` keeps the module's side effects only if it had no bindings at all.
    return undefined;
  }
  return tsi.factory.updateImportDeclaration(
    decl,
    decl.modifiers,
    tsi.factory.updateImportClause(clause, false, name, bindings),
    decl.moduleSpecifier,
    decl.attributes,
  );
}

function markSynthesized(tsi: TS, sf: ts.SourceFile): void {
  const visit = (node: ts.Node): void => {
    (node as { flags: ts.NodeFlags }).flags |= tsi.NodeFlags.Synthesized;
    tsi.forEachChild(node, visit);
  };
  tsi.forEachChild(sf, visit);
}

type ProgramTransformerArgs = [program: ts.Program, host: ts.CompilerHost | undefined, config: TsOtpPluginConfig, extras: { ts: TS }];
type SourceTransformerArgs = [program: ts.Program, config?: TsOtpPluginConfig, extras?: SourceTransformerExtras];

/**
 * The module's default export, as ts-patch loads it: a ProgramTransformer when the plugin entry has
 * `"transformProgram": true` (called as (program, host, config, { ts })), else a `program`-type
 * source transformer plugin (called as (program, config, extras)) returning `{ before }`.
 */
export default function tsOtpTransformer(...args: ProgramTransformerArgs | SourceTransformerArgs): ts.Program | { before: ts.TransformerFactory<ts.SourceFile>[] } {
  if (args.length >= 4 && (args as ProgramTransformerArgs)[2]?.transformProgram === true) {
    const [program, host, config, extras] = args as ProgramTransformerArgs;
    return transformProgram(program, host, config, extras);
  }
  const [program, config, extras] = args as SourceTransformerArgs;
  return { before: [before(program, config, extras)] };
}
