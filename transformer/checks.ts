// The checks of one receive/match that turn silent mistakes into diagnostics, beyond the syntax of
// one pattern: a pattern name that is a class or a function (it compares, and never matches); a
// receive clause that matches no member of its message type (shapes.ts); a clause no message can
// reach (reachability.ts, a warning). Calls without `yield*` are file-wide: generator-calls.ts.
// Each returns TransformerErrors at the offending node; compile.ts reports them. What is checked
// from syntax alone and what needs the type checker is in docs/dsl.md, "Checks".

import ts from "typescript";
import type { CompileOptions } from "./api.js";
import { TransformerError } from "./diagnostics.js";
import { rootOf, type ParsedCase, type Scope } from "./patterns.js";
import { declarationsAt, type Declaration } from "./scope.js";
import { checkReachable } from "./reachability.js";
import { canMatch, distance, membersOf, shapeOfTypeNode } from "./shapes.js";

/**
 * The values ts-otp's runtime exports that are classes or functions (the rest, `HOST` and
 * `TIMEOUT`, are constants a pattern may compare with). test/transformer/checks.test.ts keeps this
 * list equal to the runtime's exports.
 */
export const RUNTIME_CALLABLES: Readonly<Record<string, "class" | "function">> = {
  Pid: "class", Ref: "class", BadArg: "class", NoProc: "class", NotInProcess: "class", ProcessExit: "class",
  MatchError: "class", DslNotCompiled: "class", TimeoutValue: "class", SystemLimit: "class",
  makeRef: "function", spawn: "function", spawnLink: "function", spawnMonitor: "function", self: "function",
  send: "function", register: "function", unregister: "function", whereis: "function", registered: "function",
  receiveWith: "function", recv: "function", lastClause: "function", sleep: "function", wait: "function",
  exit: "function", trapExit: "function", link: "function", unlink: "function", monitor: "function",
  demonitor: "function", join: "function", processes: "function", processInfo: "function", isAlive: "function",
  systemInfo: "function", setLogger: "function", defaultLogger: "function", receive: "function", match: "function",
  after: "function", configure: "function", describe: "function", logReport: "function", call: "function", preemptDue: "function",
  enterFunction: "function",
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
      if (!c.scope.has(rootOf(name) ?? "")) continue; // it binds
      declarations ??= declarationsAt(c.call.parent, c.clauseBindings);
      const e = checkPatternName(name, declarations, c);
      if (e !== null) out.push(e);
    }
  }
  out.push(...checkMessageType(c), ...checkReachable(c.sf, c.alts, (clause) => patternOf(clause.expression)));
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
  const first = root.text;
  if (first.startsWith("_") || first === "undefined" || first === "NaN" || first === "Infinity") return null;
  const decl = declarations.get(first);
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

