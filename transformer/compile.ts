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

import MagicString from "magic-string";
import ts from "typescript";
import type { CompileOptions, CompileResult, DslDiagnostic } from "./api.js";
import { TransformerError } from "./diagnostics.js";
import { boundNames, parseCase, type ParsedCase } from "./patterns.js";
import { plan, type Plan } from "./plan.js";
import { mightContainDsl } from "./precheck.js";
import { scopeAt } from "./scope.js";

type DslKind = "receive" | "match" | "after";

export { mightContainDsl };

export function compile(fileName: string, source: string, options: CompileOptions = {}): CompileResult {
  const untouched: CompileResult = { code: source, map: null, changed: false, diagnostics: [] };
  if (!mightContainDsl(source)) return untouched;
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const imports = findDslImports(sf, options);
  if (imports === null) return untouched;
  const fc = new FileCompiler(sf, imports);
  fc.run();
  if (fc.diagnostics.length > 0) return { ...untouched, diagnostics: fc.diagnostics };
  if (fc.switches === 0) return untouched;
  return fc.result();
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
  return out.names.size > 0 || out.namespaces.size > 0 ? out : null;
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
  private readonly s: MagicString;
  private readonly clauseBindings = new Map<ts.Node, string[]>();
  private readonly handled = new Set<ts.Node>();
  private readonly hoisted: string[] = [];
  private readonly used = { receive: false, clause: false, matchError: false, types: false };

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly imports: DslImports,
  ) {
    this.s = new MagicString(sf.text);
  }

  run(): void {
    const visit = (node: ts.Node): void => {
      if (ts.isSwitchStatement(node) && this.kindOf(node.expression) !== null) this.guarded(() => this.compileSwitch(node));
      else if (ts.isCallExpression(node) && !this.handled.has(node)) {
        const kind = this.kindOf(node);
        if (kind === "after") this.report(new TransformerError(node, "AfterMisplaced"));
        else if (kind !== null) this.report(new TransformerError(node, kind === "receive" ? "ReceiveNotSwitchSubject" : "MatchArguments"));
      }
      ts.forEachChild(node, visit);
    };
    visit(this.sf);
  }

  result(): CompileResult {
    const s = this.s;
    const { module } = this.imports;
    const m = JSON.stringify(module);
    const values = [
      this.used.receive && "recv as __otp_recv",
      this.used.clause && "lastClause as __otp_lastClause",
      this.used.matchError && "MatchError as __otp_MatchError",
    ].filter(Boolean);
    let header = values.length > 0 ? `import { ${values.join(", ")} } from ${m}; ` : "";
    if (this.used.types) header += `import type * as __otp_T from ${m}; `;
    // Before the first statement, after the file's leading comments (which tsc keeps in its
    // output only when they stay first), on that statement's line so no line moves.
    const first = this.sf.statements[0];
    s.appendLeft(first !== undefined ? first.getStart(this.sf) : this.sf.text.length, header);
    for (const spec of this.imports.specifiers) this.removeSpecifier(spec);
    if (this.hoisted.length > 0) s.append("\n" + this.hoisted.join("\n") + "\n");
    const map = s.generateMap({ source: this.sf.fileName, file: this.sf.fileName, includeContent: true, hires: true });
    return { code: s.toString(), map: { ...map, version: 3 }, changed: true, diagnostics: [] };
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

  private guarded(f: () => void): void {
    try {
      f();
    } catch (e) {
      if (e instanceof TransformerError) this.report(e);
      else throw e;
    }
  }

  private report(e: TransformerError): void {
    const start = e.node.getStart(this.sf);
    const { line, character } = this.sf.getLineAndCharacterOfPosition(start);
    this.diagnostics.push({
      file: this.sf.fileName,
      line: line + 1,
      column: character + 1,
      start,
      length: e.node.getEnd() - start,
      code: e.code,
      message: e.message,
    });
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
    const M = `__m${id}`;
    const C = `__c${id}`;
    const msgType = kind === "receive" ? (call.typeArguments?.[0]?.getText(sf) ?? null) : `typeof __v${id}`;
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
        timeout = { clause, ms: afterCall.arguments[0]!.getText(sf) };
        return;
      }
      const parsed = parseCase(clause.expression, sf, scope);
      const alt: Alt = { index: index++, clause, parsed, plan: plan(parsed.pattern, "$m") };
      pending.push(alt);
      if (clause.statements.length > 0) {
        groups.push({ alts: pending, body: clause });
        pending = [];
      }
    });
    if (pending.length > 0) throw new TransformerError(pending[0]!.clause, "DanglingCase");
    for (const g of groups) checkSameBindings(g);

    // ---- the matcher ----
    const hasGuards = groups.some((g) => g.alts.some((a) => (a.parsed?.guards.length ?? 0) > 0));
    const readsLocals = groups.some((g) => g.alts.some((a) => a.plan?.roots.some((r) => scope.get(r) === "local")));
    const matcherBody = this.matcherTree(groups.flatMap((g) => g.alts).map((a) => ({ alt: a, tests: a.plan?.tests ?? [] })), msgType);
    const fallback = catchAll ? "" : " return -1;";
    let matcher: string;
    if (!hasGuards && !readsLocals) {
      const name = `__otp_matcher${id}`;
      this.hoisted.push(`function ${name}($m: any): number { ${matcherBody}${fallback} }`);
      matcher = name;
    } else matcher = `(($m: any): number => { ${matcherBody}${fallback} })`;

    // ---- the head ----
    const s = this.s;
    const headStart = sw.getStart(sf);
    const headEnd = sw.caseBlock.getStart(sf) + 1;
    let head: string;
    if (kind === "receive") {
      this.used.receive = this.used.clause = true;
      const ms = timeout === null ? "Infinity" : (timeout as { ms: string }).ms;
      head = `{ const ${M}: any = yield __otp_recv(${matcher}, ${ms}); const ${C} = __otp_lastClause(); switch (${C}) {`;
    } else {
      const subject = call.arguments[0]!.getText(sf);
      head = `{ const __v${id} = (${subject}); const ${M}: any = __v${id}; const ${C} = ${matcher}(${M}); switch (${C}) {`;
    }
    s.overwrite(headStart, headEnd, keepLines(head, sf.text.slice(headStart, headEnd)));

    // ---- the clauses ----
    // Exactly one clause is labelled `default:` so TypeScript sees the switch is exhaustive (the
    // matcher only ever returns these indices): the catch-all, else the timeout or MatchError
    // clause, else the last case of a receive.
    const lastAlt = groups.at(-1)?.alts.at(-1);
    const defaultAlt = catchAll || (kind === "receive" && timeout === null) ? lastAlt : undefined;
    for (const g of groups) {
      g.alts.forEach((a, i) => {
        const label = (a === defaultAlt ? "default:" : `case ${a.index}:`) + (i === g.alts.length - 1 ? ` { ${this.bindingDecls(g, M, C, msgType)}` : "");
        this.relabel(a.clause, label);
      });
      this.closeBody(g.body);
      this.clauseBindings.set(g.body, g.alts[0]!.plan ? g.alts[0]!.plan.bindings.map((b) => b.name) : []);
    }
    if (timeout !== null) {
      const t = timeout as { clause: ts.CaseClause };
      this.relabel(t.clause, catchAll ? "case -1: {" : "default: {");
      this.closeBody(t.clause);
    }
    const closeAt = sw.caseBlock.getEnd() - 1;
    if (kind === "match" && !catchAll) {
      this.used.matchError = true;
      s.appendLeft(closeAt, `default: throw new __otp_MatchError(${M}); `);
    }
    s.appendLeft(sw.caseBlock.getEnd(), " }");
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
    const binds = a.plan.bindings.map((b) => `const ${b.name}: ${this.bindingType(a.plan!, b, msgType)} = ${b.access};`).join(" ");
    const g = a.parsed!.guards.map((x) => `(${x.getText(this.sf)})`).join(" && ");
    return `{ ${binds} try { if (${g}) return ${a.index}; } catch {} }`;
  }

  private bindingType(p: Plan, b: Plan["bindings"][number], msgType: string | null): string {
    this.used.types = true;
    msgType ??= "unknown";
    if (b.restFrom !== undefined) return `__otp_T.BindRest<${msgType}, ${p.type}, [${b.path.join(", ")}], ${b.restFrom}>`;
    return `__otp_T.Bind<${msgType}, ${p.type}, [${b.path.join(", ")}]>`;
  }

  private bindingDecls(g: Group, M: string, C: string, msgType: string | null): string {
    const first = g.alts[0]!.plan;
    if (first === null) return "";
    const at = (access: string) => M + access.slice(2); // "$m[0]" -> "__m1[0]"
    return first.bindings
      .map(({ name }) => {
        const per = g.alts.map((a) => {
          const b = a.plan!.bindings.find((x) => x.name === name)!;
          return { index: a.index, type: this.bindingType(a.plan!, b, msgType), access: at(b.access) };
        });
        const type = [...new Set(per.map((p) => p.type))].join(" | ");
        const value = per.reduceRight((acc, p, i) => (i === per.length - 1 ? p.access : `${C} === ${p.index} ? ${p.access} : ${acc}`), "");
        return `const ${name}: ${type} = ${value};`;
      })
      .join(" ");
  }

  private relabel(clause: ts.CaseOrDefaultClause, label: string): void {
    const text = this.sf.text;
    const start = clause.getStart(this.sf);
    const colon = text.indexOf(":", ts.isCaseClause(clause) ? clause.expression.getEnd() : start + "default".length) + 1;
    this.s.overwrite(start, colon, keepLines(label, text.slice(start, colon)));
  }

  private closeBody(clause: ts.CaseOrDefaultClause): void {
    const last = clause.statements[clause.statements.length - 1]!;
    this.s.appendLeft(last.getEnd(), endsWithJump(last) ? " }" : " } break;");
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
