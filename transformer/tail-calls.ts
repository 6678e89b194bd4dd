// Self tail calls of process functions become loops: `return f(args)` inside `function* f` reassigns
// f's argument slots and continues a loop around f's body, instead of returning a fresh generator
// for the scheduler to start. Erlang code (`loop(State) -> receive ... end, loop(NewState)`) then
// runs at the speed of a hand-written `for (;;)`, on one generator, in constant memory.
//
//   [source]                                   [output] (every line keeps its number)
//   function* loop(n: number, [a, b]: P): Proc {   function* loop(n: number, __otp_p1: P): Proc { let __otp_a0 = n, __otp_a1 = __otp_p1; let __otp_go = true; __otp_tail: for (; __otp_go; ) { __otp_go = false; let n = __otp_a0, [a, b] = __otp_a1;
//     const m = yield* receiveWith(isAny);           const m = yield* receiveWith(isAny);
//     if (m === "stop") return;                      if (m === "stop") return;
//     return done ? f(x) : loop(n + 1, [b, a]);      if (done) { return f(x); } else { __otp_a0 = n + 1; __otp_a1 = [b, a]; __otp_go = true; continue __otp_tail; }
//   }                                              } }
//
// The parameters are `let`s declared afresh at the top of every iteration, from the slots: so all
// arguments are evaluated before any parameter changes, defaults and destructuring apply again, and
// a closure (or a `finally`) that captured one iteration's parameter keeps that iteration's value.
// Only where that is the same program: `f` is a module-level `function*` never reassigned nor
// shadowed inside its body; the call is in tail position (a `return`'s operand, through parentheses,
// `as`/`!`, and both arms of `?:`), not inside a nested function; f's body has no `var` and no
// `arguments`; no spread argument, no more arguments than parameters. Anything else is left as it
// was: a generator returned to the scheduler, which still runs it in constant memory.
//
// Which files: every file the compiler core compiles, i.e. every file that imports anything from
// ts-otp (see compile.ts); the rewrite touches nothing but self tail calls of `function*`s.

import type MagicString from "magic-string";
import ts from "typescript";

const SLOT = "__otp_a";
const RENAMED = "__otp_p";
const TYPE = "__otp_T";
const LABEL = "__otp_tail";

/** Lowers every self tail call it can prove sound; returns how many functions it rewrote. */
export function lowerTailCalls(sf: ts.SourceFile, s: MagicString, isDslSwitch: (sw: ts.SwitchStatement) => boolean): number {
  const typed = !/\.[cm]?jsx?$/.test(sf.fileName);
  const reassigned = assignedNames(sf);
  const declaredTwice = new Set<string>();
  const seen = new Set<string>();
  for (const st of sf.statements)
    if (ts.isFunctionDeclaration(st) && st.name && st.body) {
      if (seen.has(st.name.text)) declaredTwice.add(st.name.text);
      seen.add(st.name.text);
    }
  let n = 0;
  for (const st of sf.statements) {
    if (!ts.isFunctionDeclaration(st) || st.asteriskToken === undefined || !st.name || !st.body) continue;
    if (st.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) continue;
    const name = st.name.text;
    if (reassigned.has(name) || declaredTwice.has(name)) continue;
    if (lowerFunction(st as ts.FunctionDeclaration & { body: ts.Block }, sf, s, typed, isDslSwitch)) n++;
  }
  return n;
}

/** A rewrite of one return statement's tail expression, as edits to apply once all checks passed. */
type Edit = () => void;

function lowerFunction(
  fn: ts.FunctionDeclaration & { body: ts.Block },
  sf: ts.SourceFile,
  s: MagicString,
  typed: boolean,
  isDslSwitch: (sw: ts.SwitchStatement) => boolean,
): boolean {
  const name = fn.name!.text;
  const params = fn.parameters;
  if (params.some((p) => ts.isIdentifier(p.name) && (p.name.text === "this" || p.name.text === name))) return false;
  const paramNames = new Set<string>();
  const patternNames = new Set<string>();
  params.forEach((p) => bindingNames(p.name, (x) => (paramNames.add(x), ts.isIdentifier(p.name) || patternNames.add(x))));
  const rest = params.at(-1)?.dotDotDotToken !== undefined;

  // ---- the body must be safe to run as a loop ----
  let unsafe = false;
  const sites: ts.ReturnStatement[] = [];
  const topLevel = new Set<string>();
  for (const st of fn.body.statements) declaredAt(st, (x) => topLevel.add(x));
  const scan = (node: ts.Node, nested: boolean): void => {
    if (unsafe) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) unsafe = true; // var
    else if (ts.isIdentifier(node) && node.text === "arguments" && !isPropertyName(node)) unsafe = true;
    else if (declares(node, name)) unsafe = true; // f shadowed somewhere in its own body
    else if (ts.isCaseClause(node) && mentions(node.expression, name)) unsafe = true; // a pattern could bind f
    else if (!nested && ts.isReturnStatement(node) && node.expression && hasSelfCall(node.expression, name)) sites.push(node);
    // Arrow functions share f's `arguments`; other functions have their own (and their own returns).
    const inner = nested || ts.isFunctionLike(node) || ts.isClassLike(node);
    if (ts.isFunctionLike(node) && !ts.isArrowFunction(node)) {
      ts.forEachChild(node, (c) => scanNoArguments(c));
      return;
    }
    ts.forEachChild(node, (c) => scan(c, inner));
  };
  // Inside a non-arrow nested function only shadowing and `var` of f's own scope matter: its
  // `arguments` and `return`s are its own.
  const scanNoArguments = (node: ts.Node): void => {
    if (unsafe) return;
    if (declares(node, name) || (ts.isCaseClause(node) && mentions(node.expression, name))) unsafe = true;
    ts.forEachChild(node, scanNoArguments);
  };
  ts.forEachChild(fn.body, (c) => scan(c, false));
  if (unsafe || sites.length === 0) return false;
  // A body-level function declaration named like a parameter would clash with the loop's `let`.
  for (const x of paramNames) if (topLevel.has(x)) return false;
  // Defaults are evaluated again in the loop: they must mean the same there (no body-level name
  // shadowing what they read, no name of a destructured parameter, which is renamed) and be free of
  // effects (on the first iteration a default that gave `undefined` is evaluated a second time).
  for (const p of params) {
    if (p.initializer === undefined) continue;
    if (!pureExpression(p.initializer)) return false;
    let clash = false;
    const check = (n: ts.Node): void => {
      if (ts.isIdentifier(n) && (topLevel.has(n.text) || patternNames.has(n.text))) clash = true;
      ts.forEachChild(n, check);
    };
    check(p.initializer);
    if (clash) return false;
  }

  // ---- the tail sites: every call to f in tail position, or give up ----
  const edits: Edit[] = [];
  for (const site of sites) {
    const ok = lowerTail(site.expression!, name, params.length, rest, sf, s, edits);
    if (!ok) return false;
    // `return ` and the trailing `;` go: the expression becomes a statement (a block or an if).
    const e = site.expression!;
    edits.push(() => {
      s.overwrite(site.getStart(sf), e.getStart(sf), keepLines("", sf.text.slice(site.getStart(sf), e.getStart(sf))), { contentOnly: true });
      if (e.end < site.end) s.overwrite(e.end, site.end, keepLines("", sf.text.slice(e.end, site.end)), { contentOnly: true });
    });
  }

  // ---- the loop around the body ----
  // In TypeScript each slot and parameter is typed `typeof` the original parameter (through an
  // alias declared where the parameter is still visible), so no type is inferred around the loop.
  const aliases: string[] = [];
  const slots: string[] = [];
  const lets: string[] = [];
  params.forEach((p, i) => {
    let source: string;
    if (ts.isIdentifier(p.name)) source = p.name.text;
    else {
      source = RENAMED + i;
      edits.push(() => s.overwrite(p.name.getStart(sf), p.name.end, RENAMED + i, { contentOnly: true }));
    }
    const T = `${TYPE}${i}`;
    if (typed) aliases.push(`type ${T} = typeof ${source};`);
    const slotType = !typed ? "" : p.initializer !== undefined ? `: ${T} | undefined` : `: ${T}`;
    slots.push(`${SLOT}${i}${slotType} = ${source}`);
    const pattern = p.name.getText(sf);
    const value = p.initializer === undefined ? `${SLOT}${i}` : `${SLOT}${i} === undefined ? (${p.initializer.getText(sf)}) : ${SLOT}${i}`;
    lets.push(`${pattern}${typed ? `: ${T}` : ""} = ${value}`);
  });
  const open = fn.body.getStart(sf) + 1;
  const head =
    (aliases.length > 0 ? " " + aliases.join(" ") : "") +
    (slots.length > 0 ? ` let ${slots.join(", ")};` : "") +
    ` ${LABEL}: for (;;) {` +
    (lets.length > 0 ? ` let ${lets.join(", ")};` : "");
  // Falling off the end of the body ends the function, as before: `break` leaves the loop. Left
  // out when the body cannot complete (TypeScript would call it unreachable).
  const tail = canComplete(fn.body, isDslSwitch) ? "break; } " : "} ";
  edits.push(() => {
    s.appendLeft(open, head);
    s.prependRight(fn.body.end - 1, tail);
  });
  for (const e of edits) e();
  return true;
}

/**
 * Plans the rewrite of a tail expression into a statement, pushing its edits. False when a call
 * to f there cannot be lowered (then the whole function is left alone).
 */
function lowerTail(e: ts.Expression, name: string, arity: number, rest: boolean, sf: ts.SourceFile, s: MagicString, edits: Edit[]): boolean {
  const text = sf.text;
  const drop = (from: number, to: number) => edits.push(() => s.overwrite(from, to, keepLines("", text.slice(from, to)), { contentOnly: true }));
  const start = e.getStart(sf);
  // Wrappers that do not change which function is called: (x), x as T, x!, x satisfies T, <T>x.
  const inner = unwrap(e);
  if (inner !== e) {
    if (!hasSelfCall(inner, name)) return plain(e);
    const is = inner.getStart(sf);
    if (is > start) drop(start, is);
    if (e.end > inner.end) drop(inner.end, e.end);
    return lowerTail(inner, name, arity, rest, sf, s, edits);
  }
  if (ts.isConditionalExpression(e)) {
    if (!hasSelfCall(e.whenTrue, name) && !hasSelfCall(e.whenFalse, name)) return plain(e);
    const c = e.condition;
    edits.push(() => s.appendRight(c.getStart(sf), "if ("));
    edits.push(() => s.overwrite(c.end, e.whenTrue.getStart(sf), keepLines(") ", text.slice(c.end, e.whenTrue.getStart(sf))), { contentOnly: true }));
    edits.push(() => s.overwrite(e.whenTrue.end, e.whenFalse.getStart(sf), keepLines(" else ", text.slice(e.whenTrue.end, e.whenFalse.getStart(sf))), { contentOnly: true }));
    return lowerTail(e.whenTrue, name, arity, rest, sf, s, edits) && lowerTail(e.whenFalse, name, arity, rest, sf, s, edits);
  }
  if (isSelfCall(e, name)) {
    const call = e as ts.CallExpression;
    const args = call.arguments;
    if (args.some((a) => ts.isSpreadElement(a))) return false;
    if (!rest && args.length > arity) return false;
    // Slot i gets argument i; a rest parameter's slot gets the array of the remaining ones.
    const fixed = rest ? arity - 1 : arity;
    const tailSlots: string[] = [];
    for (let i = args.length; i < fixed; i++) tailSlots.push(`${SLOT}${i} = undefined;`);
    if (rest && args.length < arity) tailSlots.push(`${SLOT}${arity - 1} = [];`);
    const close = `${tailSlots.length > 0 ? " " + tailSlots.join(" ") : ""} continue ${LABEL}; }`;
    if (args.length === 0) {
      edits.push(() => s.overwrite(start, e.end, keepLines(`{${close}`, text.slice(start, e.end)), { contentOnly: true }));
      return true;
    }
    const put = (i: number) => (rest && i === arity - 1 ? `${SLOT}${i} = [` : rest && i >= arity ? "" : `${SLOT}${i} = `);
    const sep = (i: number) => (rest && i >= arity ? ", " : "; ");
    edits.push(() => s.overwrite(start, args[0]!.getStart(sf), keepLines(`{ ${put(0)}`, text.slice(start, args[0]!.getStart(sf))), { contentOnly: true }));
    for (let i = 1; i < args.length; i++) {
      const from = args[i - 1]!.end;
      const to = args[i]!.getStart(sf);
      edits.push(() => s.overwrite(from, to, keepLines(sep(i) + put(i), text.slice(from, to)), { contentOnly: true }));
    }
    const last = args[args.length - 1]!.end;
    const restClose = rest && args.length >= arity ? "];" : ";";
    edits.push(() => s.overwrite(last, e.end, keepLines(restClose + close, text.slice(last, e.end)), { contentOnly: true }));
    return true;
  }
  // A call to f that is not in tail position (e.g. an argument): nothing to lower here, but this
  // expression is not a tail call either; it stays a plain return.
  return plain(e);

  function plain(x: ts.Expression): boolean {
    const st = x.getStart(sf);
    edits.push(() => {
      s.appendRight(st, "{ return ");
      s.appendLeft(x.end, "; }");
    });
    return true;
  }
}

/**
 * Whether control can reach the end of `st` (conservatively: true when unsure). Sound in the one
 * direction that matters: when it says false, the loop has no `break` and must never fall through.
 * A compiled receive/match switch always has a default (the matcher only returns its clauses).
 */
function canComplete(st: ts.Statement, isDslSwitch: (sw: ts.SwitchStatement) => boolean): boolean {
  const go = (x: ts.Statement) => canComplete(x, isDslSwitch);
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st) || ts.isContinueStatement(st)) return false;
  if (ts.isBlock(st)) return st.statements.length === 0 || go(st.statements[st.statements.length - 1]!);
  if (ts.isIfStatement(st)) return st.elseStatement === undefined || go(st.thenStatement) || go(st.elseStatement);
  if (ts.isSwitchStatement(st)) {
    const clauses = st.caseBlock.clauses;
    if (!isDslSwitch(st) && !clauses.some(ts.isDefaultClause)) return true;
    const last = clauses[clauses.length - 1];
    if (last === undefined || last.statements.length === 0 || go(last.statements[last.statements.length - 1]!)) return true;
    return breaksOut(st.caseBlock);
  }
  if (ts.isTryStatement(st)) {
    if (st.finallyBlock && !go(st.finallyBlock)) return false;
    return go(st.tryBlock) || (st.catchClause !== undefined && go(st.catchClause.block));
  }
  if (ts.isForStatement(st) || ts.isWhileStatement(st) || ts.isDoStatement(st)) {
    const cond = ts.isForStatement(st) ? st.condition : st.expression;
    const forever = cond === undefined || cond.kind === ts.SyntaxKind.TrueKeyword;
    return !forever || breaksOut(st.statement);
  }
  return true;
}

/** Whether a `break` inside `node` leaves the statement `node` belongs to (any labelled break counts). */
function breaksOut(node: ts.Node): boolean {
  let hit = false;
  const visit = (n: ts.Node, inner: boolean): void => {
    if (hit || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isBreakStatement(n) && (n.label !== undefined || !inner)) hit = true;
    const nested = inner || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    ts.forEachChild(n, (c) => visit(c, nested));
  };
  ts.forEachChild(node, (c) => visit(c, false));
  return hit;
}

function unwrap(e: ts.Expression): ts.Expression {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e))
    return e.expression;
  return e;
}

function isSelfCall(e: ts.Expression, name: string): boolean {
  return ts.isCallExpression(e) && e.questionDotToken === undefined && ts.isIdentifier(e.expression) && e.expression.text === name;
}

/** Whether a tail position of `e` holds a call to f. */
function hasSelfCall(e: ts.Expression, name: string): boolean {
  const inner = unwrap(e);
  if (inner !== e) return hasSelfCall(inner, name);
  if (ts.isConditionalExpression(e)) return hasSelfCall(e.whenTrue, name) || hasSelfCall(e.whenFalse, name);
  return isSelfCall(e, name);
}

/** Side-effect-free expressions: literals, names, and arrays, objects and operators over them. */
function pureExpression(e: ts.Node): boolean {
  if (ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isTaggedTemplateExpression(e) || ts.isYieldExpression(e) || ts.isAwaitExpression(e)) return false;
  if (ts.isBinaryExpression(e) && ts.isAssignmentOperator(e.operatorToken.kind)) return false;
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) return false;
  if (ts.isPostfixUnaryExpression(e) || ts.isDeleteExpression(e) || ts.isFunctionLike(e) || ts.isClassLike(e)) return false;
  let ok = true;
  ts.forEachChild(e, (c) => {
    if (ok && !pureExpression(c)) ok = false;
  });
  return ok;
}

/** Whether `node` declares the name `name` (a variable, parameter, function, class, catch binding). */
function declares(node: ts.Node, name: string): boolean {
  if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) {
    let hit = false;
    if (ts.isIdentifier(node.name)) hit = node.name.text === name;
    return hit;
  }
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isEnumDeclaration(node)) && node.name)
    return node.name.text === name;
  if (ts.isImportEqualsDeclaration(node)) return node.name.text === name;
  return false;
}

function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  let hit = false;
  ts.forEachChild(node, (c) => {
    hit ||= mentions(c, name);
  });
  return hit;
}

function isPropertyName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (ts.isPropertyAccessExpression(p) && p.name === id) || (ts.isPropertyAssignment(p) && p.name === id) || ts.isQualifiedName(p);
}

/** Names a statement at the top of a block declares (for the clash checks above). */
function declaredAt(st: ts.Statement, add: (n: string) => void): void {
  if (ts.isVariableStatement(st)) st.declarationList.declarations.forEach((d) => bindingNames(d.name, add));
  else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) add(st.name.text);
}

function bindingNames(n: ts.BindingName, add: (n: string) => void): void {
  if (ts.isIdentifier(n)) add(n.text);
  else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, add);
}

/** Names assigned anywhere in the file (`f = ...`, `f++`, `[f] = ...`): such an f is not a fixed function. */
function assignedNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const target = (e: ts.Expression): void => {
    if (ts.isIdentifier(e)) out.add(e.text);
    else if (ts.isParenthesizedExpression(e)) target(e.expression);
    else if (ts.isArrayLiteralExpression(e)) e.elements.forEach((x) => target(ts.isSpreadElement(x) ? x.expression : x));
    else if (ts.isObjectLiteralExpression(e))
      e.properties.forEach((p) => {
        if (ts.isShorthandPropertyAssignment(p)) out.add(p.name.text);
        else if (ts.isPropertyAssignment(p)) target(p.initializer);
        else if (ts.isSpreadAssignment(p)) target(p.expression);
      });
    else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) target(e.left);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && ts.isAssignmentOperator(n.operatorToken.kind)) target(n.left);
    else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken))
      target(n.operand);
    else if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && !ts.isVariableDeclarationList(n.initializer)) target(n.initializer as ts.Expression);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** The replacement text padded with the line breaks of the text it replaces, so lines keep their numbers. */
function keepLines(replacement: string, original: string): string {
  const n = original.split("\n").length - 1;
  return n === 0 ? replacement : replacement + "\n".repeat(n);
}
