// Which names are bound where a pattern stands: Erlang's rule needs to know whether `X` in a
// pattern is already bound (compare) or not (bind). Read from the syntax alone, so every door
// (with or without a type checker) decides the same way: value declarations of the module,
// parameters and earlier declarations of the enclosing functions and blocks, and the bindings
// of enclosing receive/match clauses. Type-only names (types, interfaces, `import type`) do not count.
// declarationsAt tells also what declared each name (a class, a function, an import...), for checks.ts.

import ts from "typescript";
import type { Scope } from "./patterns.js";

/** What declared a name in scope: the nearest declaration wins. */
export type Declaration =
  | { kind: "class" | "function" | "generator" | "value" }
  /** A value import; `imported` is the exported name ("default" for a default import, "*" for a namespace). */
  | { kind: "import"; module: string; imported: string };

export function scopeAt(node: ts.Node, clauseBindings: Map<ts.Node, string[]>): Scope {
  const scope: Scope = new Map();
  walkScope(node, clauseBindings, (name, _decl, local) => {
    if (!scope.has(name)) scope.set(name, local ? "local" : "module");
  });
  return scope;
}

export function declarationsAt(node: ts.Node, clauseBindings: Map<ts.Node, string[]>): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  walkScope(node, clauseBindings, (name, decl) => {
    if (!out.has(name)) out.set(name, decl);
  });
  return out;
}

type Add = (name: string, decl: Declaration, local: boolean) => void;
const VALUE: Declaration = { kind: "value" };

/** Calls `add` for every value name in scope at `node`, innermost declarations first. */
function walkScope(node: ts.Node, clauseBindings: Map<ts.Node, string[]>, add: Add): void {
  let local = true;
  const addHere = (name: string, decl: Declaration) => add(name, decl, local);
  for (let child: ts.Node = node, p = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isSourceFile(p)) {
      local = false;
      for (const s of p.statements) declared(s, addHere, true);
      hoistedVars(p.statements, node.pos, (n) => addHere(n, VALUE));
      for (const s of p.statements) if (s.end <= child.pos) clauseBindings.get(s)?.forEach((n) => addHere(n, VALUE));
    } else if (ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const s of p.statements) if (s.end <= child.pos || ts.isFunctionDeclaration(s)) declared(s, addHere, false);
      // names an earlier receive/match in this block bound in every clause (binding-escape.ts)
      for (const s of p.statements) if (s.end <= child.pos) clauseBindings.get(s)?.forEach((n) => addHere(n, VALUE));
      clauseBindings.get(p)?.forEach((n) => addHere(n, VALUE));
    } else if (ts.isFunctionLike(p)) {
      for (const param of p.parameters) bindingNames(param.name, addHere);
      const body = (p as ts.FunctionLikeDeclaration).body;
      if (body !== undefined && ts.isBlock(body)) hoistedVars(body.statements, node.pos, (n) => addHere(n, VALUE));
      if (ts.isFunctionExpression(p) && p.name) addHere(p.name.text, { kind: p.asteriskToken ? "generator" : "function" });
    } else if (ts.isClassExpression(p) && p.name) {
      addHere(p.name.text, { kind: "class" });
    } else if (ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) {
      const init = p.initializer;
      if (init !== undefined && ts.isVariableDeclarationList(init)) init.declarations.forEach((d) => bindingNames(d.name, addHere));
    } else if (ts.isCatchClause(p) && p.variableDeclaration) {
      bindingNames(p.variableDeclaration.name, addHere);
    }
  }
}

function declared(s: ts.Statement, add: (n: string, d: Declaration) => void, moduleLevel: boolean): void {
  if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => bindingNames(d.name, add));
  else if (ts.isFunctionDeclaration(s) && s.name) add(s.name.text, { kind: s.asteriskToken ? "generator" : "function" });
  else if (ts.isClassDeclaration(s) && s.name) add(s.name.text, { kind: "class" });
  else if (ts.isEnumDeclaration(s)) add(s.name.text, VALUE);
  else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) add(s.name.text, VALUE);
  else if (moduleLevel && ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly) {
    const module = ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : "";
    const c = s.importClause;
    if (c.name) add(c.name.text, { kind: "import", module, imported: "default" });
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) add(nb.name.text, { kind: "import", module, imported: "*" });
    else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) add(el.name.text, { kind: "import", module, imported: (el.propertyName ?? el.name).text });
  } else if (moduleLevel && ts.isImportEqualsDeclaration(s) && !s.isTypeOnly) add(s.name.text, VALUE);
}

/**
 * `var` is function-scoped: one declared earlier in any block of the function (not in a nested
 * function) is bound here too. Only those that end before `before`: a later `var` holds undefined.
 */
export function hoistedVars(stmts: readonly ts.Statement[], before: number, add: (n: string) => void): void {
  const stack: ts.Node[] = [...stmts];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.pos >= before || ts.isFunctionLike(n) || ts.isClassLike(n)) continue;
    if (ts.isVariableDeclarationList(n) && !(n.flags & ts.NodeFlags.BlockScoped) && n.end <= before) n.declarations.forEach((d) => bindingNames(d.name, add));
    ts.forEachChild(n, (c) => void stack.push(c));
  }
}

/** Every name a declaration's binding (`X`, `[A, B]`, `{ k: C }`) declares. */
export function bindingNames(n: ts.BindingName, add: (n: string, d: Declaration) => void): void {
  if (ts.isIdentifier(n)) add(n.text, VALUE);
  else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, add);
}
