// Erlang's binding rule across a receive/match: a name bound in every clause that reaches the code
// after the switch is bound after it (a later pattern naming it compares); a name bound in only
// some of them and used after the switch is an error, "unsafe", as Erlang says. Only names that
// the rest of the enclosing block uses escape, so a switch whose bindings stay inside keeps its code.
//
//   [source]                                   [output]
//   switch (receive<Msg>()) {                  let X!: T1 | T2; { const __m1: any = yield __otp_recv(...); ... switch (__c1) {
//     case ["a", X]: break;                      case 0: { X = (__m1[1]) as T1; break; }
//     case ["c", X]: f(); break;                 default: { X = (__m1[1]) as T2; f(); break; }
//   }                                          } }
//   switch (receive<Msg>()) {                  { ... yield __otp_recv((($m: any): number => { ... if ($m[1] === X) ...
//     case ["b", X]: ...                         (X is bound here: the pattern compares)

import ts from "typescript";
import { TransformerError } from "./diagnostics.js";
import { bindingNames, hoistedVars } from "./scope.js";

export interface ClauseBindings {
  /** The names the clause's pattern binds. */
  names: string[];
  body: ts.CaseOrDefaultClause;
}

/**
 * The names bound by `clauses` that the statements after `sw` use, all bound on every path that
 * gets there; throws UnsafeBinding for a used name some such path leaves unbound. `timeout` is the
 * `case after(ms):` clause, which binds nothing.
 */
export function escapingBindings(sw: ts.SwitchStatement, kind: "receive" | "match", clauses: ClauseBindings[], timeout: ts.CaseClause | null): string[] {
  const all = [...new Set(clauses.flatMap((c) => c.names))];
  if (all.length === 0) return [];
  const later = statementsAfter(sw);
  if (later.length === 0) return [];
  const uses = usesIn(later, new Set(all));
  if (uses.size === 0) return [];

  const label = ts.isLabeledStatement(sw.parent) ? sw.parent.label.text : null;
  const reaching: ClauseBindings[] = [...clauses, ...(timeout !== null ? [{ names: [], body: timeout }] : [])].filter((c) => completes(c.body.statements, label));
  if (reaching.length === 0) return []; // nothing after the switch runs
  const escaping: string[] = [];
  for (const name of all) {
    const use = uses.get(name);
    if (use === undefined) continue;
    const missing = reaching.find((c) => !c.names.includes(name));
    if (missing !== undefined) {
      const line = ts.getLineAndCharacterOfPosition(sw.getSourceFile(), missing.body.getStart()).line + 1;
      const which = missing.body === timeout ? `the timeout clause (line ${line}) does not bind it` : `the clause on line ${line} does not bind it`;
      throw new TransformerError(use, "UnsafeBinding", name, kind, which);
    }
    escaping.push(name);
  }
  return escaping;
}

/** A clause's binding: its name, its type there, and the expression reading it from the message. */
export interface BindingDecl {
  name: string;
  /** The name as written where it is declared or assigned; editors' span tags ride on it (spans.ts). */
  declared?: string;
  type: string;
  value: string;
}

/** `let X!: T1 | T2; ` before the switch's block for the escaping names (T: X's type in each clause), or "". */
export function declareEscaping(escaping: string[], decls: BindingDecl[]): string {
  if (escaping.length === 0) return "";
  const types = (name: string) => [...new Set(decls.filter((d) => d.name === name).map((d) => d.type))].join(" | ");
  return `let ${escaping.map((n) => `${n}!: ${types(n)}`).join(", ")}; `;
}

/** A binding at the top of its clause body: a `const` of its own, or an assignment to the escaping `let`. */
export function bindingStatement(d: BindingDecl, escaping: string[]): string {
  // `as` keeps the clause's own (narrower) type for the body: assignment narrows the declared union
  const name = d.declared ?? d.name;
  return escaping.includes(d.name) ? `${name} = (${d.value}) as ${d.type};` : `const ${name}: ${d.type} = ${d.value};`;
}

/** The statements after `sw` in its block (none when it is not directly in a statement list). */
function statementsAfter(sw: ts.SwitchStatement): readonly ts.Statement[] {
  const p = sw.parent;
  if (!(ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p))) return [];
  const i = p.statements.indexOf(sw);
  return p.statements.slice(i + 1);
}

/**
 * The first use of each of `names` in `stmts`: an identifier read as a value (or named in a later
 * pattern), not a property name, a declared name or a type, nor inside a function, block or catch
 * that declares the name again (there it is another variable). A name the block itself declares
 * again (`const X = ...` after the switch, or a `var X` anywhere below) is the user's own variable
 * and does not count.
 */
function usesIn(stmts: readonly ts.Statement[], names: Set<string>): Map<string, ts.Identifier> {
  const redeclared = new Set<string>();
  for (const s of stmts) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) redeclared.add(d.name.text);
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) redeclared.add(s.name.text);
  }
  hoistedVars(stmts, Infinity, (n) => redeclared.add(n)); // `var`s anywhere below are function-wide
  const uses = new Map<string, ts.Identifier>();
  const stack: [ts.Node, ReadonlySet<string>][] = [...stmts].reverse().map((s) => [s, redeclared]);
  while (stack.length > 0) {
    const [n, shadowed] = stack.pop()!;
    if (ts.isTypeNode(n)) continue;
    if (ts.isIdentifier(n)) {
      if (names.has(n.text) && !shadowed.has(n.text) && !uses.has(n.text) && isValueUse(n)) uses.set(n.text, n);
      continue;
    }
    const inner = shadowedIn(n, names, shadowed);
    const children: ts.Node[] = [];
    ts.forEachChild(n, (c) => void children.push(c));
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, inner]);
  }
  return uses;
}

/** The names of `names` that `n` declares for its own subtree (parameters, block-scoped declarations, a catch variable), added to `outer`. */
function shadowedIn(n: ts.Node, names: Set<string>, outer: ReadonlySet<string>): ReadonlySet<string> {
  const declared: string[] = [];
  const add = (b: ts.BindingName) => bindingNames(b, (x) => names.has(x) && declared.push(x));
  if (ts.isFunctionLike(n)) (n.parameters as readonly ts.ParameterDeclaration[]).forEach((p) => add(p.name));
  else if (ts.isBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
    for (const s of n.statements) if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => add(d.name));
  } else if (ts.isCatchClause(n) && n.variableDeclaration) add(n.variableDeclaration.name);
  else if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer))
    n.initializer.declarations.forEach((d) => add(d.name));
  return declared.length === 0 ? outer : new Set([...outer, ...declared]);
}

function isValueUse(id: ts.Identifier): boolean {
  const p = id.parent as ts.Node & { name?: ts.Node; propertyName?: ts.Node; label?: ts.Node };
  if (ts.isShorthandPropertyAssignment(p)) return true;
  return p.name !== id && p.propertyName !== id && p.label !== id;
}

/** Whether running `stmts` can fall out of the switch (the code after it runs next). */
function completes(stmts: readonly ts.Statement[], switchLabel: string | null): boolean {
  const last = stmts[stmts.length - 1];
  if (last === undefined) return true;
  return !jumpsAway(last, switchLabel);
}

function jumpsAway(s: ts.Statement, switchLabel: string | null): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isContinueStatement(s)) return true;
  if (ts.isBreakStatement(s)) return s.label !== undefined && s.label.text !== switchLabel;
  if (ts.isBlock(s)) return !completes(s.statements, switchLabel);
  if (ts.isIfStatement(s)) return s.elseStatement !== undefined && jumpsAway(s.thenStatement, switchLabel) && jumpsAway(s.elseStatement, switchLabel);
  return false;
}
