// Generator functions called without `yield*`: `const r = ask(s)` where `ask` is a function* (a
// Call subroutine) gives a generator object and runs nothing; `yield ask(s)` fails at run time.
// Also ts-otp's blocking operations (`sleep(100);` waits for nothing). Reported only where the
// generator is surely lost; every use that may be meant is left alone.

import ts from "typescript";
import type { TypeOracle } from "./api.js";
import { TransformerError } from "./diagnostics.js";
import { rootOf } from "./patterns.js";
import { declarationsAt, type Declaration } from "./scope.js";

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
    if (ts.isCallExpression(node) && (ts.isIdentifier(node.expression) || ts.isPropertyAccessExpression(node.expression)) && candidates.has(rootOf(node.expression) ?? "")) {
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


/** What a call calls, when it is a generator function or a blocking operation; null otherwise or when unknown. */
function calleeKind(call: ts.CallExpression, moduleLevel: Map<string, Declaration>, generators: Set<string>, c: FileToCheck): "generator" | "operation" | null {
  const root = rootOf(call.expression) ?? "";
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
