// The compiler core: DSL source text -> TypeScript text + source map + diagnostics.
//
// It is a line-preserving splice. Only the head of each `switch (receive<Msg>())` /
// `switch (match(v))` and its `case PATTERN:` labels are rewritten, in place, each keeping its
// number of line breaks; case bodies are left byte for byte. So every original line stays at its
// line number in the output: type errors, stack traces and coverage point at the user's lines in
// every door, and magic-string's source map covers the columns.
//
//   [source]                                   [output]
//   switch (receive<Msg>()) {                  { const __m1: any = yield __otp_recv(M, Infinity); const __c1 = __otp_lastClause(); switch (__c1) {
//     case [Pid, "alloc"]:                       case 0: { const Pid: __otp_T.Bind<Msg, [unknown, "alloc"], [0]> = __m1[0];
//       return alloc(Pid);                         return alloc(Pid); }
//     case after(1000):                          case -1: {
//       return;                                    return; }
//   }                                          } }
// where M is a matcher `($m) => clause index | -1` made of straight-line tests; hoisted to the
// end of the file when it reads nothing local, so no closure is created per receive.
// `match` is the same with the matcher called directly and `case -1` throwing MatchError.

import ts from "typescript";
import { isError, type CodeSpan, type CompileOptions, type CompileResult, type DslDiagnostic } from "./api.js";
import { parseSource, toDiagnostic } from "./boundary.js";
import { checkSwitch } from "./checks.js";
import { checkSubroutineCalls } from "./generator-calls.js";
import { TransformerError } from "./diagnostics.js";
import { boundNames, parseCase, type ParsedCase, type Pattern } from "./patterns.js";
import { plan, type Plan } from "./plan.js";
import { bindingStatement, declareEscaping, escapingBindings, type BindingDecl } from "./binding-escape.js";
import { matcherChunks } from "./matcher-chunks.js";
import { countWord, GeneratedNames } from "./names.js";
import { mightContainDsl } from "./precheck.js";
import { scopeAt } from "./scope.js";
import { SpanTrackingString, patternSites } from "./spans.js";
import { lowerTailCalls } from "./tail-calls.js";

type DslKind = "receive" | "match" | "after";

export { mightContainDsl };

export function compile(fileName: string, source: string, options: CompileOptions = {}): CompileResult {
  const untouched: CompileResult = { code: source, map: null, changed: false, diagnostics: [] };
  if (!mightContainDsl(source)) return untouched;
  let fc: FileCompiler | null = null;
  try {
    const { sf, errors } = parseSource(fileName, source, scriptKind(fileName));
    if (sf === null) return { ...untouched, diagnostics: errors };
    const imports = findDslImports(sf, options);
    if (imports === null) return untouched; // not a DSL file: its syntax errors are tsc's to report
    if (errors.length > 0) return { ...untouched, diagnostics: errors };
    const compiler = (fc = new FileCompiler(sf, imports, options));
    compiler.run();
    // warnings (an unreachable clause) do not stop compilation; they travel with the code
    if (compiler.diagnostics.some(isError)) return { ...untouched, diagnostics: compiler.diagnostics };
    const loops = lowerTailCalls(sf, compiler.s, (sw) => compiler.handled.has(sw.expression), compiler.runtimeImports);
    if (compiler.switches === 0 && loops === 0) return { ...untouched, diagnostics: compiler.diagnostics };
    return { ...compiler.result(), diagnostics: compiler.diagnostics };
  } catch (e) {
    // The boundary of last resort: whatever escaped the per-switch boundary (in emitting the
    // file's header, say) is still a diagnostic, never an exception out of compile().
    const sf = fc?.sf ?? ts.createSourceFile(fileName, "", ts.ScriptTarget.Latest);
    return { ...untouched, diagnostics: [...(fc?.diagnostics ?? []), toDiagnostic(sf, e, fc?.firstSwitch ?? null)] };
  }
}

function scriptKind(fileName: string): ts.ScriptKind {
  return /\.[cm]?tsx$/.test(fileName) ? ts.ScriptKind.TSX : /\.[cm]?jsx?$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
}

interface DslImports {
  /** Local name -> what it is (`import { receive as r }` maps "r" to "receive"). */
  names: Map<string, DslKind>;
  /** Local names of `import * as otp from "ts-otp"`. */
  namespaces: Set<string>;
  /** The module the DSL was imported from: the emitted code imports its primitives from there too. */
  module: string;
  specifiers: ts.ImportSpecifier[];
}

function isRuntimeModule(spec: string, options: CompileOptions): boolean {
  if (spec === "ts-otp" || options.runtimeModules?.includes(spec)) return true;
  return spec.startsWith(".") && /(^|\/)runtime(\/index(\.[cm]?[jt]s)?)?$/.test(spec);
}

function findDslImports(sf: ts.SourceFile, options: CompileOptions): DslImports | null {
  const out: DslImports = { names: new Map(), namespaces: new Set(), module: "", specifiers: [] };
  for (const s of sf.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.importClause || s.importClause.isTypeOnly) continue;
    const spec = s.moduleSpecifier.text;
    if (!isRuntimeModule(spec, options)) continue;
    const nb = s.importClause.namedBindings;
    if (nb === undefined) continue;
    if (ts.isNamespaceImport(nb)) {
      out.namespaces.add(nb.name.text);
      out.module ||= spec;
      continue;
    }
    for (const el of nb.elements) {
      const imported = (el.propertyName ?? el.name).text;
      if (!el.isTypeOnly && (imported === "receive" || imported === "match" || imported === "after")) {
        out.names.set(el.name.text, imported);
        out.specifiers.push(el);
        out.module ||= spec;
      }
    }
  }
  // A file that imports anything else from ts-otp is compiled too, for its tail calls; the code
  // they compile into imports its runtime helpers from that module.
  const runtime = runtimeSpecifier(sf, options);
  out.module ||= runtime ?? "";
  return out.names.size > 0 || out.namespaces.size > 0 || runtime !== null ? out : null;
}

/** The first module the file imports ts-otp from, if any. */
function runtimeSpecifier(sf: ts.SourceFile, options: CompileOptions): string | null {
  for (const s of sf.statements)
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && isRuntimeModule(s.moduleSpecifier.text, options)) return s.moduleSpecifier.text;
  return null;
}

interface Alt {
  index: number;
  clause: ts.CaseOrDefaultClause;
  /** null for `default:` */
  parsed: ParsedCase | null;
  plan: Plan | null;
}

interface Group {
  alts: Alt[];
  body: ts.CaseOrDefaultClause;
}

class FileCompiler {
  readonly diagnostics: DslDiagnostic[] = [];
  switches = 0;
  readonly s: SpanTrackingString;
  private readonly names: GeneratedNames;
  private readonly clauseBindings = new Map<ts.Node, string[]>();
  /** The calls of the receive/match switches compiled. */
  readonly handled = new Set<ts.Node>();
  private readonly hoisted: string[] = [];
  private readonly used = { receive: false, clause: false, matchError: false, types: false };

  /** What other lowerings (tail-calls.ts) need from the runtime, `name as local`: joins the header import. */
  readonly runtimeImports = new Set<string>();

  /** The first DSL switch, where a failure outside any one switch is reported. */
  firstSwitch: ts.Node | null = null;

  constructor(
    readonly sf: ts.SourceFile,
    private readonly imports: DslImports,
    private readonly options: CompileOptions,
  ) {
    this.s = new SpanTrackingString(sf.text);
    this.names = new GeneratedNames(sf.text);
  }

  run(): void {
    const visit = (node: ts.Node): void => {
      if (ts.isSwitchStatement(node) && this.kindOf(node.expression) !== null) this.guarded(node, () => this.compileSwitch(node));
      else if (ts.isCallExpression(node) && !this.handled.has(node)) {
        const kind = this.kindOf(node);
        if (kind === "after") this.report(new TransformerError(node, "AfterMisplaced"));
        else if (kind !== null) this.report(new TransformerError(node, kind === "receive" ? "ReceiveNotSwitchSubject" : "MatchArguments"));
      }
      ts.forEachChild(node, visit);
    };
    visit(this.sf);
    const isRuntime = (spec: string) => isRuntimeModule(spec, this.options);
    checkSubroutineCalls({ sf: this.sf, clauseBindings: this.clauseBindings, types: this.options.types, isRuntimeModule: isRuntime }).forEach((e) => this.report(e));
  }

  result(): CompileResult {
    const s = this.s;
    const { module } = this.imports;
    const m = JSON.stringify(module);
    const N = this.names;
    const values = [
      this.used.receive && `recv as ${N.get("__otp_recv")}`,
      this.used.clause && `lastClause as ${N.get("__otp_lastClause")}`,
      this.used.matchError && `MatchError as ${N.get("__otp_MatchError")}`,
      ...this.runtimeImports,
    ].filter(Boolean);
    let header = values.length > 0 ? `import { ${values.join(", ")} } from ${m}; ` : "";
    if (this.used.types) header += `import type * as ${N.get("__otp_T")} from ${m}; `;
    // Before the first statement, after the file's leading comments (which tsc keeps in its
    // output only when they stay first), on that statement's line so no line moves; after a
    // directive prologue ("use client", "use strict"), which only counts at the very start.
    const statements = this.sf.statements;
    let n = 0;
    while (n < statements.length && isDirective(statements[n]!)) n++;
    if (n > 0) s.appendLeft(statements[n - 1]!.getEnd(), header === "" ? "" : " " + header.trimEnd());
    else s.appendLeft(statements.length > 0 ? statements[0]!.getStart(this.sf) : this.sf.text.length, header);
    for (const spec of this.imports.specifiers) {
      // `const alias = match` or `typeof receive` still needs the import: keep it when any use is left uncompiled
      if (this.allUsesCompiled(spec.name)) this.removeSpecifier(spec);
    }
    if (this.hoisted.length > 0) s.append("\n" + this.hoisted.join("\n") + "\n");
    const map = s.generateMap({ source: this.sf.fileName, file: this.sf.fileName, includeContent: true, hires: true });
    const code = s.toString();
    return { code, map: { ...map, version: 3 }, changed: true, diagnostics: [], ...this.spansOf(code) };
  }

  /**
   * The editor's spans. Only editors read them, so a model that disagrees with the output (it is
   * checked) costs this file its editor mappings, never its compilation.
   */
  private spansOf(code: string): { spans?: CodeSpan[] } {
    try {
      return { spans: this.s.spans(code) };
    } catch {
      return {};
    }
  }

  private allUsesCompiled(name: ts.Identifier): boolean {
    const compiled = [...this.handled].filter((c) => ts.isCallExpression(c) && ts.isIdentifier(c.expression) && c.expression.text === name.text).length;
    // the common case, without a walk: the name appears only in its import and the compiled calls
    if (countWord(this.sf.text, name.text) === compiled + 1) return true;
    return identifiersNamed(this.sf, name.text).every((id) => id === name || this.handled.has(id.parent));
  }

  private kindOf(e: ts.Expression): DslKind | null {
    if (!ts.isCallExpression(e)) return null;
    const callee = e.expression;
    if (ts.isIdentifier(callee)) return this.imports.names.get(callee.text) ?? null;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && this.imports.namespaces.has(callee.expression.text)) {
      const n = callee.name.text;
      return n === "receive" || n === "match" || n === "after" ? n : null;
    }
    return null;
  }

  /** Compiles one construct: whatever it throws becomes a diagnostic there (see boundary.ts). */
  private guarded(near: ts.Node, f: () => void): void {
    this.firstSwitch ??= near;
    try {
      f();
    } catch (e) {
      this.diagnostics.push(toDiagnostic(this.sf, e, near));
    }
  }

  private report(e: TransformerError): void {
    this.diagnostics.push(toDiagnostic(this.sf, e, e.node));
  }

  private compileSwitch(sw: ts.SwitchStatement): void {
    const sf = this.sf;
    const call = sw.expression as ts.CallExpression;
    this.handled.add(call);
    const kind = this.kindOf(call)!;
    if (kind === "after") throw new TransformerError(call, "AfterMisplaced");
    if (kind === "receive") {
      if (call.arguments.length > 0) throw new TransformerError(call, "ReceiveArguments");
      checkInGenerator(sw, call);
    } else if (call.arguments.length !== 1) throw new TransformerError(call, "MatchArguments");

    const id = ++this.switches;
    const N = this.names;
    const M = N.get(`__m${id}`);
    const C = N.get(`__c${id}`);
    const V = N.get(`__v${id}`);
    const $m = N.get("$m");
    const typeArg = call.typeArguments?.[0];
    const msgType = kind === "receive" ? (typeArg ? this.copy(typeArg) : null) : `typeof ${V}`;
    const scope = scopeAt(sw, this.clauseBindings);

    // ---- group the clauses: empty cases are alternatives of the next case with a body ----
    const groups: Group[] = [];
    let pending: Alt[] = [];
    let timeout: { clause: ts.CaseClause; ms: string } | null = null;
    let index = 0;
    let catchAll = false;
    const clauses = sw.caseBlock.clauses;
    clauses.forEach((clause, i) => {
      if (timeout !== null) throw new TransformerError(timeout.clause.expression, "AfterMisplaced");
      if (ts.isDefaultClause(clause)) {
        const later = clauses.slice(i + 1);
        if (later.some((c) => !(ts.isCaseClause(c) && this.kindOf(c.expression) === "after")))
          throw new TransformerError(clause, "DefaultNotLast");
        const alt: Alt = { index: index++, clause, parsed: null, plan: null };
        // `case [X]: default:` would share a body where X is bound on one path only
        const binding = pending.find((a) => a.plan!.bindings.length > 0);
        if (binding !== undefined) throw new TransformerError(binding.clause, "AlternativeWithDefault", `{${binding.plan!.bindings.map((b) => b.name).join(", ")}}`);
        groups.push({ alts: [...pending, alt], body: clause });
        pending = [];
        catchAll = true;
        return;
      }
      if (this.kindOf(clause.expression) === "after") {
        const afterCall = clause.expression as ts.CallExpression;
        this.handled.add(afterCall);
        if (kind !== "receive") throw new TransformerError(afterCall, "AfterInMatch");
        if (pending.length > 0 || i !== clauses.length - 1) throw new TransformerError(afterCall, "AfterMisplaced");
        if (afterCall.arguments.length !== 1) throw new TransformerError(afterCall, "AfterArguments");
        timeout = { clause, ms: this.copy(afterCall.arguments[0]!) };
        return;
      }
      const parsed = parseCase(clause.expression, sf, scope);
      const alt: Alt = { index: index++, clause, parsed, plan: plan(this.valueCopies(parsed, clause, id), $m) };
      pending.push(alt);
      if (clause.statements.length > 0) {
        groups.push({ alts: pending, body: clause });
        pending = [];
      }
    });
    if (pending.length > 0) throw new TransformerError(pending[0]!.clause, "DanglingCase");
    for (const g of groups) checkSameBindings(g);
    const alts = groups.flatMap((g) => g.alts);
    const isRuntime = (spec: string) => isRuntimeModule(spec, this.options);
    checkSwitch({ sf, kind, call, alts, clauseBindings: this.clauseBindings, scope, options: this.options, isRuntimeModule: isRuntime }).forEach((e) => this.report(e));

    // ---- the matcher ----
    const hasGuards = groups.some((g) => g.alts.some((a) => (a.parsed?.guards.length ?? 0) > 0));
    const readsLocals = groups.some((g) => g.alts.some((a) => a.plan?.roots.some((r) => scope.get(r) === "local")));
    const items = groups.flatMap((g) => g.alts).map((a) => ({ alt: a, tests: a.plan?.tests ?? [] }));
    const tree = (part: typeof items) => this.matcherTree(part, msgType);
    let matcher: string;
    if (!hasGuards && !readsLocals) {
      matcher = N.get(`__otp_matcher${id}`);
      const chunks: string[] = [];
      this.hoisted.push(`function ${matcher}(${$m}: any): number { ${matcherChunks(items, $m, catchAll, tree, { name: matcher, out: chunks }, (b) => N.get(b))} }`, ...chunks);
    } else matcher = `((${$m}: any): number => { ${matcherChunks(items, $m, catchAll, tree, null, (b) => N.get(b))} })`;

    // ---- Erlang's binding rule: names bound in every clause are bound after the switch ----
    const escaping = escapingBindings(sw, kind, groups.map((g) => ({ names: g.alts[0]!.plan?.bindings.map((b) => b.name) ?? [], body: g.body })), (timeout as { clause: ts.CaseClause } | null)?.clause ?? null);

    // ---- the head ----
    const s = this.s;
    const headStart = sw.getStart(sf);
    const headEnd = sw.caseBlock.getStart(sf) + 1;
    let head: string;
    const decls = new Map(groups.map((g) => [g, this.bindingDecls(g, M, C, $m, msgType)]));
    const lets = declareEscaping(escaping, [...decls.values()].flat());
    if (kind === "receive") {
      this.used.receive = this.used.clause = true;
      const ms = timeout === null ? "Infinity" : (timeout as { ms: string }).ms;
      head = `${lets}{ const ${M}: any = yield ${N.get("__otp_recv")}(${matcher}, ${ms}); const ${C} = ${N.get("__otp_lastClause")}(); switch (${C}) {`;
    } else {
      const subject = this.copy(call.arguments[0]!);
      const v = `const ${V} = (${subject}); `;
      head = lets === "" ? `{ ${v}const ${M}: any = ${V}; const ${C} = ${matcher}(${M}); switch (${C}) {` : `${v}${lets}{ const ${M}: any = ${V}; const ${C} = ${matcher}(${M}); switch (${C}) {`;
    }
    s.update(headStart, headEnd, keepLines(head, sf.text.slice(headStart, headEnd)));

    // ---- the clauses ----
    // Exactly one clause is labelled `default:` so TypeScript sees the switch is exhaustive (the
    // matcher only ever returns these indices): the catch-all, else the timeout or MatchError
    // clause, else the last case of a receive.
    const lastAlt = groups.at(-1)?.alts.at(-1);
    const defaultAlt = catchAll || (kind === "receive" && timeout === null) ? lastAlt : undefined;
    for (const g of groups) {
      const bindings = decls.get(g)!.map((d) => bindingStatement(d, escaping)).join(" ");
      g.alts.forEach((a, i) => {
        const label = (a === defaultAlt ? "default:" : `case ${a.index}:`) + (i === g.alts.length - 1 ? ` { ${bindings}` : "");
        this.relabel(a.clause, label);
      });
      this.clauseBindings.set(g.body, g.alts[0]!.plan ? g.alts[0]!.plan.bindings.map((b) => b.name) : []);
    }
    if (timeout !== null) this.relabel((timeout as { clause: ts.CaseClause }).clause, catchAll ? "case -1: {" : "default: {");
    this.clauseBindings.set(sw, escaping);

    // The closings, all inserted with prependRight: at one offset, a later insertion comes first,
    // so those of a switch nested in this one (compiled after it) close before this one's do.
    // Hence this order: the switch's end, the MatchError default, then the bodies from last to first.
    s.prependRight(sw.caseBlock.getEnd(), " }");
    if (kind === "match" && !catchAll) {
      this.used.matchError = true;
      s.prependRight(sw.caseBlock.getEnd() - 1, `default: throw new ${N.get("__otp_MatchError")}(${M}); `);
    }
    const bodies = [...groups.map((g) => g.body), ...(timeout !== null ? [(timeout as { clause: ts.CaseClause }).clause] : [])];
    for (const body of bodies.reverse()) this.closeBody(body);
  }

  /**
   * The matcher's body: clauses in order, consecutive clauses sharing their leading tests nested
   * under one `if` (a decision tree that never reorders clauses), e.g.
   *   if (Array.isArray($m)) { if ($m.length === 2) { if ($m[0] === "a") return 0; ... } }
   */
  private matcherTree(items: { alt: Alt; tests: string[] }[], msgType: string | null): string {
    const out: string[] = [];
    for (let i = 0; i < items.length; ) {
      const { alt, tests } = items[i]!;
      if (tests.length === 0) {
        out.push(this.matcherLeaf(alt, msgType));
        i++;
        continue;
      }
      let j = i + 1;
      while (j < items.length && items[j]!.tests[0] === tests[0]) j++;
      const inner = items.slice(i, j).map((x) => ({ alt: x.alt, tests: x.tests.slice(1) }));
      out.push(`if (${tests[0]}) { ${this.matcherTree(inner, msgType)} }`);
      i = j;
    }
    return out.join(" ");
  }

  /** A clause whose tests all passed: take it, or evaluate its guards over its bindings. */
  private matcherLeaf(a: Alt, msgType: string | null): string {
    if (a.plan === null || a.parsed!.guards.length === 0) return `return ${a.index};`;
    const sites = patternSites(a.clause, a.parsed?.guards ?? [], this.sf);
    const binds = a.plan.bindings.map((b) => `const ${this.s.mark(b.name, "guard-binding", sites.get(b.name) ?? [])}: ${this.bindingType(a.plan!, b, msgType)} = ${b.access};`).join(" ");
    const g = a.parsed!.guards.map((x) => `(${this.copy(x)})`).join(" && ");
    return `{ ${binds} try { if (${g}) return ${a.index}; } catch {} }`;
  }

  private bindingType(p: Plan, b: Plan["bindings"][number], msgType: string | null): string {
    this.used.types = true;
    msgType ??= "unknown";
    const T = this.names.get("__otp_T");
    if (b.restFrom !== undefined) return `${T}.BindRest<${msgType}, ${p.type}, [${b.path.join(", ")}], ${b.restFrom}>`;
    return `${T}.Bind<${msgType}, ${p.type}, [${b.path.join(", ")}]>`;
  }

  /** Each binding of a clause body: its name, its type, and the expression reading it from the message. */
  private bindingDecls(g: Group, M: string, C: string, $m: string, msgType: string | null): BindingDecl[] {
    const first = g.alts[0]!.plan;
    if (first === null) return [];
    const at = (access: string) => M + access.slice($m.length); // "$m[0]" -> "__m1[0]"
    const sites = g.alts.map((a) => patternSites(a.clause, a.parsed?.guards ?? [], this.sf));
    return first.bindings
      .map(({ name }) => {
        const per = g.alts.map((a) => {
          const b = a.plan!.bindings.find((x) => x.name === name)!;
          return { index: a.index, type: this.bindingType(a.plan!, b, msgType), access: at(b.access) };
        });
        const type = [...new Set(per.map((p) => p.type))].join(" | ");
        const value = per.reduceRight((acc, p, i) => (i === per.length - 1 ? p.access : `${C} === ${p.index} ? ${p.access} : ${acc}`), "");
        // `declared`: the name tagged with its pattern sites, so editors map the declaration back (spans.ts)
        return { name, declared: this.s.mark(name, "binding", sites.flatMap((m) => m.get(name) ?? [])), type, value };
      });
  }

  /** The pattern with each compared value (`Ref`, `Kind.Alloc`) tagged with its sites, for the matcher (see spans.ts). */
  private valueCopies(parsed: ParsedCase, clause: ts.CaseClause, switchId: number): Pattern {
    const sites = patternSites(clause, parsed.guards, this.sf);
    const tag = (p: Pattern): Pattern => {
      switch (p.kind) {
        case "value": {
          const at = sites.get(p.code);
          if (at === undefined || p.roots.length === 0) return p;
          const code = this.s.markShared(String(switchId), p.code, "copy", at);
          return { ...p, code, type: p.type === `typeof ${p.code}` ? `typeof ${code}` : p.type };
        }
        case "array":
          return { ...p, items: p.items.map(tag), rest: p.rest && tag(p.rest) };
        case "object":
          return { ...p, props: p.props.map((q) => ({ key: q.key, value: tag(q.value) })) };
        case "typed":
          return { ...p, inner: tag(p.inner) };
        default:
          return p;
      }
    };
    return tag(parsed.pattern);
  }

  /** A node's text copied into generated code, tagged with where it came from (see spans.ts). */
  private copy(node: ts.Node): string {
    return this.s.mark(node.getText(this.sf), "copy", [{ start: node.getStart(this.sf), end: node.getEnd() }]);
  }

  private relabel(clause: ts.CaseOrDefaultClause, label: string): void {
    const start = clause.getStart(this.sf);
    const colon = colonAfter(this.sf, ts.isCaseClause(clause) ? clause.expression.getEnd() : start + "default".length);
    this.s.update(start, colon, keepLines(label, this.sf.text.slice(start, colon)));
  }

  private closeBody(clause: ts.CaseOrDefaultClause): void {
    const last = clause.statements[clause.statements.length - 1];
    if (last === undefined) this.s.prependRight(colonAfter(this.sf, ts.isCaseClause(clause) ? clause.expression.getEnd() : clause.getStart(this.sf) + "default".length), " } break;");
    else this.s.prependRight(last.getEnd(), endsWithJump(last) ? " }" : " } break;");
  }

  private removeSpecifier(spec: ts.ImportSpecifier): void {
    const text = this.sf.text;
    let end = spec.getEnd();
    while (end < text.length && /\s/.test(text[end]!)) end++;
    if (text[end] === ",") end++;
    else end = spec.getEnd();
    this.s.remove(spec.getStart(this.sf), end);
  }
}

function isDirective(s: ts.Statement): boolean {
  return ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression);
}

/** Every identifier of the file spelled `name`. */
function identifiersNamed(sf: ts.SourceFile, name: string): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n.text === name) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const labelScanner = ts.createScanner(ts.ScriptTarget.Latest, true);

/** The offset just after the `:` of a case label, skipping comments (which may hold colons) after `from`. */
function colonAfter(sf: ts.SourceFile, from: number): number {
  const scanner = labelScanner;
  scanner.setLanguageVariant(sf.languageVariant);
  scanner.setText(sf.text, from);
  for (let t = scanner.scan(); t !== ts.SyntaxKind.EndOfFileToken; t = scanner.scan())
    if (t === ts.SyntaxKind.ColonToken) return scanner.getTokenEnd();
  throw new Error("a case label without its colon"); // the parser reports this first: see boundary.ts
}

/** The replacement text padded with the line breaks of the text it replaces, so lines keep their numbers. */
function keepLines(replacement: string, original: string): string {
  const n = original.split("\n").length - 1;
  return n === 0 ? replacement : replacement + "\n".repeat(n);
}

function endsWithJump(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s)) return true;
  if (ts.isBlock(s)) {
    const last = s.statements[s.statements.length - 1];
    return last !== undefined && endsWithJump(last);
  }
  return false;
}

function checkInGenerator(sw: ts.Node, call: ts.CallExpression): void {
  let p = sw.parent;
  while (p !== undefined && !ts.isFunctionLike(p) && !ts.isSourceFile(p) && !ts.isClassStaticBlockDeclaration(p)) p = p.parent;
  const what =
    p === undefined || ts.isSourceFile(p) ? "the top level of a module"
    : ts.isArrowFunction(p) ? "an arrow function"
    : ts.isClassStaticBlockDeclaration(p) ? "a static block"
    : (ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isMethodDeclaration(p)) && p.asteriskToken !== undefined
      ? p.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ? "an async generator" : null
    : ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ? `a plain function${p.name ? ` (${p.name.text})` : ""}`
    : "a function that is not a generator";
  if (what !== null) throw new TransformerError(call, "ReceiveOutsideGenerator", what);
}

function checkSameBindings(g: Group): void {
  const alts = g.alts.filter((a) => a.parsed !== null);
  if (alts.length < 2) return;
  const first = boundNames(alts[0]!.parsed!.pattern).sort();
  for (const a of alts.slice(1)) {
    const names = boundNames(a.parsed!.pattern).sort();
    if (names.join() !== first.join())
      throw new TransformerError(a.clause, "AlternativesBindDifferently", `{${names.join(", ")}}`, `{${first.join(", ")}}`);
  }
}
