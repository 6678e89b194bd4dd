// The checks that turn silent mistakes into diagnostics, beyond the syntax of one pattern:
//   - a pattern name that is a class or a function (it compares, and never matches);
//   - a receive clause that matches no member of its message type;
//   - a clause no message can reach, because an earlier one always matches (a warning);
//   - a generator function called without `yield*` (it creates a generator and runs nothing).
// Each returns TransformerErrors at the offending node; compile.ts reports them. What is checked
// from syntax alone and what needs the type checker is in docs/dsl.md, "Checks".

import ts from "typescript";
import type { CompileOptions, TypeOracle } from "./api.js";
import { TransformerError } from "./diagnostics.js";
import type { ParsedCase, Pattern, Scope } from "./patterns.js";
import { declarationsAt, type Declaration } from "./scope.js";
import { canMatch, distance, literalOf, membersOf, shapeOfTypeNode } from "./shapes.js";

/**
 * The values ts-otp's runtime exports that are classes or functions (the rest, `HOST` and
 * `TIMEOUT`, are constants a pattern may compare with). test/transformer/checks.test.ts keeps this
 * list equal to the runtime's exports.
 */
export const RUNTIME_CALLABLES: Readonly<Record<string, "class" | "function">> = {
  Pid: "class", Ref: "class", BadArg: "class", NoProc: "class", NotInProcess: "class", ProcessExit: "class",
  MatchError: "class", DslNotCompiled: "class",
  makeRef: "function", spawn: "function", spawnLink: "function", spawnMonitor: "function", self: "function",
  send: "function", register: "function", unregister: "function", whereis: "function", registered: "function",
  receiveWith: "function", recv: "function", lastClause: "function", sleep: "function", wait: "function",
  exit: "function", trapExit: "function", link: "function", unlink: "function", monitor: "function",
  demonitor: "function", join: "function", processes: "function", processInfo: "function", isAlive: "function",
  systemInfo: "function", setLogger: "function", defaultLogger: "function", receive: "function", match: "function",
  after: "function",
};

export interface SwitchToCheck {
  sf: ts.SourceFile;
  kind: "receive" | "match";
  /** The `receive<Msg>()` / `match(v)` call. */
  call: ts.CallExpression;
  /** Every clause in order but `after`; `parsed` is null for `default:`. */
  alts: readonly { clause: ts.CaseOrDefaultClause; parsed: ParsedCase | null }[];
  clauseBindings: Map<ts.Node, string[]>;
  /** The names bound at the switch (scopeAt): only these can be values in a pattern. */
  scope: Scope;
  options: CompileOptions;
  isRuntimeModule: (specifier: string) => boolean;
}

/** The checks of one receive/match: pattern names, clauses matching no member of Msg, unreachable clauses. */
export function checkSwitch(c: SwitchToCheck): TransformerError[] {
  const out: TransformerError[] = [];
  let declarations: Map<string, Declaration> | undefined;
  for (const { clause } of c.alts) {
    if (!ts.isCaseClause(clause)) continue;
    for (const name of patternNames(patternOf(clause.expression))) {
      if (!c.scope.has(rootName(name))) continue; // it binds
      declarations ??= declarationsAt(c.call.parent, c.clauseBindings);
      const e = checkPatternName(name, declarations, c);
      if (e !== null) out.push(e);
    }
  }
  out.push(...checkMessageType(c), ...checkReachable(c));
  return out;
}

// ---- 1. a pattern name that is a class or a function ----

/** The pattern part of a case expression: `P && G1 && G2` -> P. */
function patternOf(e: ts.Expression): ts.Expression {
  e = skipParens(e);
  while (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) e = skipParens(e.left);
  return e;
}

function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** The names and `a.b` chains a pattern compares with (where parsePattern makes a "value"). */
function patternNames(e: ts.Expression, out: (ts.Identifier | ts.PropertyAccessExpression)[] = []): (ts.Identifier | ts.PropertyAccessExpression)[] {
  e = skipParens(e);
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) out.push(e);
  else if (ts.isArrayLiteralExpression(e)) e.elements.forEach((el) => patternNames(ts.isSpreadElement(el) ? el.expression : el, out));
  else if (ts.isAsExpression(e)) patternNames(e.expression, out);
  else if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isShorthandPropertyAssignment(p)) out.push(p.name);
      else if (ts.isPropertyAssignment(p)) patternNames(p.initializer, out);
    }
  }
  return out;
}

function checkPatternName(node: ts.Identifier | ts.PropertyAccessExpression, declarations: Map<string, Declaration>, c: SwitchToCheck): TransformerError | null {
  let root: ts.Expression = node;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return null;
  const rootName = root.text;
  if (rootName.startsWith("_") || rootName === "undefined" || rootName === "NaN" || rootName === "Infinity") return null;
  const decl = declarations.get(rootName);
  if (decl === undefined) return null; // an unbound name: it binds
  const text = node.getText(c.sf);
  let kind: "class" | "function" | undefined;
  let where = "";
  if (ts.isIdentifier(node) && (decl.kind === "class" || decl.kind === "function" || decl.kind === "generator")) {
    kind = decl.kind === "generator" ? "function" : decl.kind;
    where = " declared in this file";
  } else if (decl.kind === "import" && c.isRuntimeModule(decl.module)) {
    const exported = ts.isIdentifier(node) ? decl.imported : decl.imported === "*" && ts.isIdentifier(node.expression) ? node.name.text : undefined;
    kind = exported === undefined ? undefined : RUNTIME_CALLABLES[exported];
    where = ` imported from "${decl.module}"`;
  } else if (decl.kind === "import") {
    // An import from another module may well be a constant to compare with: only a checker can
    // tell (the ts-patch door has one); without one, no error.
    const answer = c.options.types?.valueKind(node.getStart(c.sf), node.getEnd());
    kind = answer === "class" || answer === "function" ? answer : undefined;
    where = ` imported from "${decl.module}"`;
  }
  if (kind === undefined) return null;
  const what = `${kind === "class" ? "a class" : "a function"}${where}`;
  const imported = decl.kind === "import" && decl.imported !== "*";
  const fix =
    kind === "class"
      ? `to bind the value use a fresh name (\`X\`), and to test that it is an instance write \`X as ${text}\`${imported ? `; to import only the type write \`import type { ${text} }\`` : ""}`
      : "to bind the value use a fresh name (`X`); to compare with a value, bind it and compare in a guard (`X && X === value`)";
  return new TransformerError(node, "PatternNameIsClassOrFunction", text, what, fix);
}

// ---- 2. a receive clause that matches no member of Msg ----

function checkMessageType(c: SwitchToCheck): TransformerError[] {
  const typeArg = c.call.typeArguments?.[0];
  if (c.kind !== "receive" || typeArg === undefined) return [];
  // The syntax of a type declared in this file, else the checker's answer (the ts-patch door).
  let shape = shapeOfTypeNode(typeArg, c.sf);
  if (membersOf(shape).some((m) => m.kind === "unknown")) shape = c.options.types?.typeShape(typeArg.getStart(c.sf), typeArg.getEnd()) ?? shape;
  const members = membersOf(shape);
  if (members.some((m) => m.kind === "unknown")) return []; // an unknown member may be anything
  const typeName = typeArg.getText(c.sf).replace(/\s+/g, " ");
  const out: TransformerError[] = [];
  for (const { clause, parsed } of c.alts) {
    if (parsed === null || !ts.isCaseClause(clause) || canMatch(parsed.pattern, shape)) continue;
    const ranked = members.map((m, i) => ({ m, i, d: distance(parsed.pattern, m) })).sort((a, b) => a.d - b.d || a.i - b.i);
    const best = ranked.filter((r) => r.d === ranked[0]!.d).slice(0, 3).map((r) => `\`${r.m.text ?? "?"}\``);
    const closest = best.length === 1 ? `member is ${best[0]}` : `members are ${best.join(", ")}`;
    out.push(new TransformerError(patternOf(clause.expression), "ClauseMatchesNoMember", typeName, closest));
  }
  return out;
}

// ---- 4. a clause that an earlier one always pre-empts ----

function checkReachable(c: SwitchToCheck): TransformerError[] {
  const out: TransformerError[] = [];
  const covering: { pattern: Pattern; line: number }[] = [];
  for (const { clause, parsed } of c.alts) {
    const line = c.sf.getLineAndCharacterOfPosition(clause.getStart(c.sf)).line + 1;
    if (parsed === null) {
      // `default:` is last (an error otherwise), so only a catch-all case before it pre-empts it
      const by = covering.find((x) => alwaysMatches(x.pattern));
      if (by !== undefined) out.push(new TransformerError(clause, "UnreachableClause", String(by.line)));
      continue;
    }
    const by = covering.find((x) => subsumes(x.pattern, parsed.pattern, repeatedNames(x.pattern)));
    if (by !== undefined) out.push(new TransformerError(patternOf((clause as ts.CaseClause).expression), "UnreachableClause", String(by.line)));
    else if (parsed.guards.length === 0) covering.push({ pattern: parsed.pattern, line });
  }
  return out;
}

function alwaysMatches(p: Pattern): boolean {
  return p.kind === "wild" || p.kind === "bind";
}

/** Names a pattern binds more than once (`[X, X]`): such a binding is a test, not a catch-all. */
function repeatedNames(p: Pattern, seen = new Set<string>(), twice = new Set<string>()): Set<string> {
  if (p.kind === "bind") (seen.has(p.name) ? twice : seen).add(p.name);
  else if (p.kind === "array") [...p.items, ...(p.rest ? [p.rest] : [])].forEach((q) => repeatedNames(q, seen, twice));
  else if (p.kind === "object") p.props.forEach((q) => repeatedNames(q.value, seen, twice));
  else if (p.kind === "typed") repeatedNames(p.inner, seen, twice);
  return twice;
}

/** Whether every value `b` matches, `a` matches too (false when in doubt). */
function subsumes(a: Pattern, b: Pattern, repeated: Set<string>): boolean {
  switch (a.kind) {
    case "wild":
      return true;
    case "bind":
      return !repeated.has(a.name);
    case "literal": {
      if (b.kind !== "literal" || a.code === "NaN") return false;
      const x = literalOf(a.code);
      const y = literalOf(b.code);
      return x !== null && y !== null ? x.key === y.key : a.code === b.code;
    }
    case "value":
      return b.kind === "value" && a.code === b.code;
    case "array": {
      if (b.kind !== "array") return false;
      if (a.rest === null ? b.rest !== null || b.items.length !== a.items.length : b.items.length < a.items.length) return false;
      if (a.rest !== null && !(a.rest.kind === "wild" || (a.rest.kind === "bind" && !repeated.has(a.rest.name)))) return false;
      return a.items.every((item, i) => subsumes(item, b.items[i]!, repeated));
    }
    case "object": {
      if (b.kind !== "object") return false;
      return a.props.every((q) => {
        const other = b.props.find((x) => x.key === q.key);
        return other !== undefined && subsumes(q.value, other.value, repeated);
      });
    }
    case "typed": {
      const t = a.test;
      if (b.kind === "typed") return JSON.stringify(b.test) === JSON.stringify(t) && subsumes(a.inner, b.inner, repeated);
      if (b.kind !== "literal" || typeof t !== "string") return false;
      const lit = literalOf(b.code);
      return lit !== null && lit.typeOf === t && subsumes(a.inner, b, repeated);
    }
  }
}

// ---- 3. a generator function called without yield* ----

/** ts-otp's blocking operations: like a generator, each does nothing until run with `yield*`. */
const RUNTIME_OPERATIONS = new Set(["sleep", "wait", "receiveWith"]);

export interface FileToCheck {
  sf: ts.SourceFile;
  clauseBindings: Map<ts.Node, string[]>;
  types?: TypeOracle;
  isRuntimeModule: (specifier: string) => boolean;
}

/**
 * Calls of generator functions (and of ts-otp's blocking operations) whose result is lost: a call
 * that is a statement of its own, `yield f()`, or a value used as anything but a generator. Legal,
 * and not reported: `yield* f()`, `return f()` (a tail call), `() => f()`, an argument (`spawn`'s
 * arguments, a helper that iterates), `for (... of f())`, `[...f()]`, `f().next()`, and a variable
 * that is used as a generator anywhere or handed on. Which callees: from the syntax, the file's own
 * top-level `function*` declarations and `sleep`/`wait`/`receiveWith` imported from ts-otp; with a
 * checker (`types`), also any generator function or method imported from another module.
 */
export function checkSubroutineCalls(c: FileToCheck): TransformerError[] {
  const { sf } = c;
  const generators = new Set<string>();
  for (const s of sf.statements)
    if (ts.isFunctionDeclaration(s) && s.asteriskToken && s.name && s.body && !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) generators.add(s.name.text);
  // What the file's top level declares: a reported call starts with one of these names (cheap to
  // test first, as most calls do not).
  const moduleLevel = declarationsAt(sf.endOfFileToken, new Map());
  const candidates = new Set([...moduleLevel].filter(([, d]) => d.kind === "import" || d.kind === "generator").map(([n]) => n));
  const out: TransformerError[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && (ts.isIdentifier(node.expression) || ts.isPropertyAccessExpression(node.expression)) && candidates.has(rootName(node.expression))) {
      const misuse = lostGenerator(node);
      const callee = misuse === null ? null : calleeKind(node, moduleLevel, generators, c);
      if (misuse !== null && callee !== null) {
        const name = node.expression.getText(sf);
        const [what, more] =
          callee === "operation"
            ? [`creates the blocking operation \`${name}\``, ""]
            : [`creates a generator (\`${name}\` is a generator function)`, ` (\`const r = yield* ${name}(...)\`), or \`return ${name}(...)\` for a process tail call`];
        out.push(new TransformerError(node, "CallWithoutYieldStar", name, what, misuse, more));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function rootName(e: ts.Expression): string {
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : "";
}

/** What a call calls, when it is a generator function or a blocking operation; null otherwise or when unknown. */
function calleeKind(call: ts.CallExpression, moduleLevel: Map<string, Declaration>, generators: Set<string>, c: FileToCheck): "generator" | "operation" | null {
  const root = rootName(call.expression);
  const decl = moduleLevel.get(root);
  const direct = ts.isIdentifier(call.expression);
  let kind: "generator" | "operation" | "ask" | null = null;
  if (decl?.kind === "generator") kind = direct && generators.has(root) ? "generator" : null;
  else if (decl?.kind === "import" && c.isRuntimeModule(decl.module)) {
    const e = call.expression;
    const exported = direct ? decl.imported : decl.imported === "*" && ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) ? e.name.text : "";
    kind = RUNTIME_OPERATIONS.has(exported) ? "operation" : null;
  } else if (decl?.kind === "import" && c.types !== undefined) kind = "ask"; // imported from another module: only a checker can tell
  if (kind === null) return null;
  // the name must still mean that top-level declaration at the call, not a local of the same name
  const here = declarationsAt(call, c.clauseBindings).get(root);
  if (here?.kind !== decl!.kind || (kind === "generator" && shadowedLocally(call, root))) return null;
  // the checker is asked only here, so a file that calls nothing imported from elsewhere creates none
  if (kind === "ask") return c.types?.callsGenerator(call.getStart(c.sf), call.getEnd()) === true ? "generator" : null;
  return kind;
}

/** declarationsAt sees block-level function declarations too: a nested `function* f` is a different f. */
function shadowedLocally(node: ts.Node, name: string): boolean {
  for (let p = node.parent; p !== undefined && !ts.isSourceFile(p); p = p.parent)
    if ((ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) && p.statements.some((s) => ts.isFunctionDeclaration(s) && s.name?.text === name)) return true;
  return false;
}

/** What happens to the generator a call creates, when it is lost; null when it is (or may be) used. */
function lostGenerator(call: ts.Expression): string | null {
  let e: ts.Node = call;
  let p = e.parent;
  while (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isNonNullExpression(p) || ts.isTypeAssertionExpression(p)) {
    e = p;
    p = p.parent;
  }
  if (ts.isExpressionStatement(p)) return "here its result is discarded";
  if (ts.isYieldExpression(p)) return p.asteriskToken ? null : "`yield` hands the generator object to the scheduler, which fails at run time";
  if (ts.isVariableDeclaration(p) && p.initializer === e) {
    if (ts.isObjectBindingPattern(p.name)) return "destructuring reads properties of the generator object";
    if (!ts.isIdentifier(p.name)) return null; // array destructuring iterates it
    return variableUse(p.name) ?? null;
  }
  return valueUse(e);
}

const COMPUTING = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken,
]);

/** A use of a generator object that is a mistake for certain; null when it may be meant. */
function valueUse(e: ts.Node): string | null {
  const p = e.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === e)
    return ["next", "return", "throw"].includes(p.name.text) ? null : `\`.${p.name.text}\` reads a property of the generator object, not a result`;
  if (ts.isTemplateSpan(p)) return "a template literal prints the generator object";
  if (ts.isAwaitExpression(p)) return "`await` does not run a generator";
  if (ts.isBinaryExpression(p)) return COMPUTING.has(p.operatorToken.kind) ? "an operator compares or computes with the generator object" : null;
  if ((ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) && p.expression === e) return "a generator object is always truthy";
  if (ts.isConditionalExpression(p) && p.condition === e) return "a generator object is always truthy";
  if (ts.isPrefixUnaryExpression(p)) return "an operator computes with the generator object";
  return null;
}

/**
 * For `const r = f(...)`: a reason when no use of `r` runs the generator (no reference at all, or
 * only references that use it as a plain value); null when any reference may run or hand it on.
 */
function variableUse(name: ts.Identifier): string | undefined {
  const decl = name.parent;
  let scope: ts.Node = decl;
  while (!ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isCaseClause(scope) && !ts.isDefaultClause(scope) && !ts.isModuleBlock(scope)) scope = scope.parent;
  const refs: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n !== name && n.text === name.text && isReference(n)) refs.push(n);
    ts.forEachChild(n, visit);
  };
  visit(scope);
  if (refs.length === 0) return "here its result is never used";
  const reasons = refs.map((r) => valueUseOfReference(r));
  return reasons.every((r) => r !== null) ? reasons[0]! : undefined;
}

function valueUseOfReference(ref: ts.Identifier): string | null {
  let e: ts.Node = ref;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent)) e = e.parent;
  const p = e.parent;
  if (ts.isYieldExpression(p)) return p.asteriskToken ? null : "`yield` hands the generator object to the scheduler, which fails at run time";
  if (ts.isExpressionStatement(p)) return null;
  return valueUse(e);
}

/** An identifier that reads a variable (not a property name, a key, or a declaration). */
function isReference(n: ts.Identifier): boolean {
  const p = n.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === n) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === n) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p)) && p.name === n) return false;
  if (ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return false;
  return true;
}
