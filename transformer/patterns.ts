// Parse: a case expression (a TypeScript Expression node) -> a pattern (the IR below) + guards.
// The pattern language is docs/dsl.md, "Patterns". Erlang's variable rule is applied here: an identifier bound
// in scope is a value to compare, an unbound one binds, `_`/`_Name` bind nothing.

import ts from "typescript";
import { TransformerError } from "./diagnostics.js";

export type TypeTest = "number" | "string" | "boolean" | "bigint" | "symbol" | "object" | "function";

export type Pattern =
  /** A literal: compared with `===`. `code` is its source text, `type` its literal type. */
  | { kind: "literal"; code: string; type: string }
  /** A value from scope (bound variable, property access): compared with `===`. */
  | { kind: "value"; code: string; type: string; roots: string[] }
  /** An unbound variable: binds the value. */
  | { kind: "bind"; name: string }
  /** `_` or `_Name`: matches anything, binds nothing. */
  | { kind: "wild" }
  /** `[P1, P2]` (exact length) or `[P1, ...Rest]` (at least the listed length). */
  | { kind: "array"; items: Pattern[]; rest: Pattern | null }
  /** `{ key: P, ... }`: has those keys, others allowed. */
  | { kind: "object"; props: { key: string; value: Pattern }[] }
  /** `P as number` / `P as SomeClass`: a typeof or instanceof test, then P. */
  | { kind: "typed"; inner: Pattern; test: TypeTest | { cls: string; roots: string[] }; type: string };

export interface ParsedCase {
  pattern: Pattern;
  /** Guard expressions (`PATTERN && G1 && G2`), in order. */
  guards: ts.Expression[];
}

/** Where a name is bound: "local" (inside the enclosing functions) or "module" (hoistable). */
export type Scope = Map<string, "local" | "module">;

const TYPEOF_KEYWORDS: Partial<Record<ts.SyntaxKind, TypeTest>> = {
  [ts.SyntaxKind.NumberKeyword]: "number",
  [ts.SyntaxKind.StringKeyword]: "string",
  [ts.SyntaxKind.BooleanKeyword]: "boolean",
  [ts.SyntaxKind.BigIntKeyword]: "bigint",
  [ts.SyntaxKind.SymbolKeyword]: "symbol",
  [ts.SyntaxKind.ObjectKeyword]: "object",
};

export function parseCase(expr: ts.Expression, sf: ts.SourceFile, scope: Scope): ParsedCase {
  // `(P && G1) && G2`: the leftmost operand is the pattern, every other operand a guard.
  const guards: ts.Expression[] = [];
  let e = skipParens(expr);
  while (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    guards.unshift(e.right);
    e = skipParens(e.left);
  }
  for (const g of guards) checkGuard(g);
  return { pattern: parsePattern(e, sf, scope), guards };
}

/**
 * Deeper patterns emit binding types TypeScript is slow to check (measured: 5 s for a file with two
 * 32-deep patterns, 130 s at 100 deep; at 500 its checker overflows). Real patterns are a few deep.
 */
export const MAX_PATTERN_DEPTH = 32;

/** Names strict-mode code cannot bind (`const arguments = ...` is a SyntaxError in a module). */
const NOT_BINDABLE = new Set(["arguments", "eval", "let", "static", "yield", "await", "implements", "interface", "package", "private", "protected", "public"]);

/**
 * A guard is evaluated inside the matcher, a plain function: a `yield` or `await` there would be
 * a syntax error in the emitted code (or, worse, suspend the wrong function). Nested functions
 * have their own bodies and are fine.
 */
function checkGuard(g: ts.Expression): void {
  const visit = (n: ts.Node): void => {
    if (ts.isYieldExpression(n)) throw new TransformerError(n, "SuspendInGuard", "yield");
    if (ts.isAwaitExpression(n)) throw new TransformerError(n, "SuspendInGuard", "await");
    if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
  };
  visit(g);
}

function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

export function parsePattern(node: ts.Expression, sf: ts.SourceFile, scope: Scope, depth = 0): Pattern {
  const e = skipParens(node);
  if (depth > MAX_PATTERN_DEPTH) throw new TransformerError(e, "NestedTooDeep", String(nestingOf(e) + depth), String(MAX_PATTERN_DEPTH));
  const text = () => e.getText(sf);
  switch (e.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
      return { kind: "literal", code: text(), type: text() };
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return { kind: "literal", code: text(), type: text() };
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
      throw new TransformerError(e, "NotAPattern", "a template literal", "bind the value and compare it in a guard (`case X && X === expected`), or use a plain string literal");
  }
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken) &&
      (ts.isNumericLiteral(e.operand) || ts.isBigIntLiteral(e.operand))) {
    return { kind: "literal", code: text(), type: e.operator === ts.SyntaxKind.MinusToken ? text() : e.operand.getText(sf) };
  }
  if (ts.isIdentifier(e)) return parseName(e, scope);
  if (ts.isArrayLiteralExpression(e)) return parseArray(e, sf, scope, depth + 1);
  if (ts.isObjectLiteralExpression(e)) return parseObject(e, sf, scope, depth + 1);
  if (ts.isPropertyAccessExpression(e)) {
    const roots = rootOf(e);
    if (roots === null)
      throw new TransformerError(e, "NotAPattern", "this property access", "only a chain of names (`Kind.Alloc`, `Tags.alloc`) can be a constant pattern; bind the value and compare it in a guard");
    return { kind: "value", code: text(), type: `typeof ${text()}`, roots: [roots] };
  }
  if (ts.isAsExpression(e)) return parseTyped(e, sf, scope, depth + 1);
  if (ts.isCallExpression(e))
    throw new TransformerError(e, "NotAPattern", "a call", "bind it and test it in a guard: `case X && X === f()`");
  if (ts.isElementAccessExpression(e))
    throw new TransformerError(e, "NotAPattern", "an element access", "bind the value and compare in a guard: `case X && X === table[k]`");
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    throw new TransformerError(e, "NotAPattern", "`A || B`", "write alternatives as consecutive cases, `case A: case B: body`; inside a guard `||` is fine");
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e))
    throw new TransformerError(e, "NotAPattern", "a function", "bind the value and test it in a guard");
  if (ts.isSpreadElement(e))
    throw new TransformerError(e, "RestNotLast");
  throw new TransformerError(e, "NotAPattern", `\`${truncate(text())}\``,
    "patterns are literals, [arrays], {objects}, names, constants like `Kind.Alloc`, `X as Type`, and `PATTERN && GUARD`");
}

function parseName(id: ts.Identifier, scope: Scope): Pattern {
  const name = id.text;
  if (name === "undefined") return { kind: "literal", code: "undefined", type: "undefined" };
  if (name === "_" || name.startsWith("_")) return { kind: "wild" };
  if (name === "NaN") return { kind: "literal", code: "NaN", type: "number" }; // never matches (===), as docs/dsl.md says
  if (name === "Infinity") return { kind: "value", code: name, type: "number", roots: [] };
  if (scope.has(name)) return { kind: "value", code: name, type: `typeof ${name}`, roots: [name] };
  if (NOT_BINDABLE.has(name)) throw new TransformerError(id, "NotBindable", name);
  return { kind: "bind", name };
}

function parseArray(e: ts.ArrayLiteralExpression, sf: ts.SourceFile, scope: Scope, depth: number): Pattern {
  const items: Pattern[] = [];
  let rest: Pattern | null = null;
  e.elements.forEach((el, i) => {
    if (ts.isSpreadElement(el)) {
      const inner = skipParens(el.expression);
      if (i !== e.elements.length - 1 || !ts.isIdentifier(inner)) throw new TransformerError(el, "RestNotLast");
      rest = parseName(inner, scope);
      // `...undefined`, `...NaN`: not an array to compare the tail with
      if (rest.kind === "literal" || (rest.kind === "value" && rest.roots.length === 0)) throw new TransformerError(el, "BoundRestNotArray", `\`${inner.text}\``);
      return;
    }
    if (ts.isOmittedExpression(el))
      throw new TransformerError(e, "NotAPattern", "an array hole", "write `_` for an element you do not care about: `[_, X]`");
    items.push(parsePattern(el, sf, scope, depth));
  });
  return { kind: "array", items, rest };
}

function parseObject(e: ts.ObjectLiteralExpression, sf: ts.SourceFile, scope: Scope, depth: number): Pattern {
  const props: { key: string; value: Pattern }[] = [];
  const seen = new Set<string>();
  for (const p of e.properties) {
    let key: string;
    let value: Pattern;
    if (ts.isShorthandPropertyAssignment(p)) {
      key = p.name.text;
      value = parseName(p.name, scope);
    } else if (ts.isPropertyAssignment(p)) {
      if (ts.isComputedPropertyName(p.name))
        throw new TransformerError(p.name, "NotAPattern", "a computed key", "object patterns take plain keys (`{ type: \"alloc\" }`); match dynamic keys in a guard");
      key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : p.name.getText(sf);
      value = parsePattern(p.initializer, sf, scope, depth);
    } else if (ts.isSpreadAssignment(p)) {
      throw new TransformerError(p, "NotAPattern", "an object spread (`...Rest`)", "list only the keys you match; other keys are allowed anyway");
    } else {
      throw new TransformerError(p, "NotAPattern", "a method or accessor", "object patterns hold `key: PATTERN` pairs");
    }
    if (seen.has(key)) throw new TransformerError(p, "DuplicateBindingInObject", key);
    seen.add(key);
    props.push({ key, value });
  }
  return { kind: "object", props };
}

function parseTyped(e: ts.AsExpression, sf: ts.SourceFile, scope: Scope, depth: number): Pattern {
  const inner = parsePattern(e.expression, sf, scope, depth);
  const t = e.type;
  // `P as const` asserts nothing at run time: the pattern is P (its literals are literal types anyway)
  if (ts.isConstTypeReference(t)) return inner;
  const kw = TYPEOF_KEYWORDS[t.kind];
  if (kw !== undefined) return { kind: "typed", inner, test: kw, type: t.getText(sf) };
  if (ts.isTypeReferenceNode(t) && t.typeArguments === undefined) {
    const name = t.typeName.getText(sf);
    if (name === "Function") return { kind: "typed", inner, test: "function", type: "Function" };
    const root = ts.isIdentifier(t.typeName) ? t.typeName.text : rootOfEntity(t.typeName);
    return { kind: "typed", inner, test: { cls: name, roots: [root] }, type: name };
  }
  throw new TransformerError(t, "TypeTestUnsupported", `${e.expression.getText(sf)} as ${t.getText(sf)}`);
}

/** How deep the array/object/`as` nesting under `e` goes (iteratively: the input may be absurdly deep). */
function nestingOf(e: ts.Node): number {
  let max = 0;
  const stack: [ts.Node, number][] = [[e, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    const nests = ts.isArrayLiteralExpression(n) || ts.isObjectLiteralExpression(n) || ts.isAsExpression(n);
    ts.forEachChild(n, (c) => void stack.push([c, nests ? d + 1 : d]));
  }
  return max;
}

/** The name a chain `a.b.c` starts with; null when it starts with anything else. */
export function rootOf(e: ts.Expression): string | null {
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : null;
}

function rootOfEntity(n: ts.EntityName): string {
  while (ts.isQualifiedName(n)) n = n.left;
  return n.text;
}

function truncate(s: string): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > 40 ? one.slice(0, 37) + "..." : one;
}

/** The names a pattern binds, in order of first appearance. */
export function boundNames(p: Pattern, out: string[] = []): string[] {
  switch (p.kind) {
    case "bind":
      if (!out.includes(p.name)) out.push(p.name);
      break;
    case "array":
      p.items.forEach((i) => boundNames(i, out));
      if (p.rest) boundNames(p.rest, out);
      break;
    case "object":
      p.props.forEach((q) => boundNames(q.value, out));
      break;
    case "typed":
      boundNames(p.inner, out);
      break;
  }
  return out;
}
