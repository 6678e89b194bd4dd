// Which names are bound where a pattern stands: Erlang's rule needs to know whether `X` in a
// pattern is already bound (compare) or not (bind). Read from the syntax alone, so every door
// (with or without a type checker) decides the same way: value declarations of the module,
// parameters and earlier declarations of the enclosing functions and blocks, and the bindings
// of enclosing receive/match clauses. Type-only names (types, interfaces, `import type`) do not count.

import ts from "typescript";
import type { Scope } from "./patterns.js";

export function scopeAt(node: ts.Node, clauseBindings: Map<ts.Node, string[]>): Scope {
  const scope: Scope = new Map();
  let local = true;
  const add = (name: string) => {
    if (!scope.has(name)) scope.set(name, local ? "local" : "module");
  };
  for (let child: ts.Node = node, p = node.parent; p !== undefined; child = p, p = p.parent) {
    if (ts.isSourceFile(p)) {
      local = false;
      for (const s of p.statements) declared(s, add, true);
      hoistedVars(p.statements, node.pos, add);
      for (const s of p.statements) if (s.end <= child.pos) clauseBindings.get(s)?.forEach(add);
    } else if (ts.isBlock(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const s of p.statements) if (s.end <= child.pos || ts.isFunctionDeclaration(s)) declared(s, add, false);
      // names an earlier receive/match in this block bound in every clause (binding-escape.ts)
      for (const s of p.statements) if (s.end <= child.pos) clauseBindings.get(s)?.forEach(add);
      clauseBindings.get(p)?.forEach(add);
    } else if (ts.isFunctionLike(p)) {
      for (const param of p.parameters) bindingNames(param.name, add);
      const body = (p as ts.FunctionLikeDeclaration).body;
      if (body !== undefined && ts.isBlock(body)) hoistedVars(body.statements, node.pos, add);
      if ((ts.isFunctionExpression(p) || ts.isClassExpression(p)) && p.name) add(p.name.text);
    } else if (ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) {
      const init = p.initializer;
      if (init !== undefined && ts.isVariableDeclarationList(init)) init.declarations.forEach((d) => bindingNames(d.name, add));
    } else if (ts.isCatchClause(p) && p.variableDeclaration) {
      bindingNames(p.variableDeclaration.name, add);
    }
  }
  return scope;
}

function declared(s: ts.Statement, add: (n: string) => void, moduleLevel: boolean): void {
  if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => bindingNames(d.name, add));
  else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) add(s.name.text);
  else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) add(s.name.text);
  else if (moduleLevel && ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly) {
    const c = s.importClause;
    if (c.name) add(c.name.text);
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) add(nb.name.text);
    else if (nb) for (const el of nb.elements) if (!el.isTypeOnly) add(el.name.text);
  } else if (moduleLevel && ts.isImportEqualsDeclaration(s) && !s.isTypeOnly) add(s.name.text);
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
export function bindingNames(n: ts.BindingName, add: (n: string) => void): void {
  if (ts.isIdentifier(n)) add(n.text);
  else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, add);
}
