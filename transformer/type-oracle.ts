// A TypeOracle backed by a TypeScript type checker: the answers the syntax cannot give (what an
// imported pattern name is, the members of a message type declared in another module, whether a
// call's callee is a generator function declared elsewhere), for a
// door that has a Program over the *original* source (the ts-patch door; an editor's language
// service). Positions are offsets in that source, which compile() is given unchanged.

import ts from "typescript";
import type { TypeOracle } from "./api.js";
import { literalOf, type Shape } from "./shapes.js";

type TS = typeof ts;

/** How deep a message type is followed (recursive types stop here as "unknown"). */
const MAX_DEPTH = 8;

/** An oracle over `sf`, a file of `program`. The checker is created on the first question. */
export function checkerOracle(program: ts.Program, sf: ts.SourceFile, tsi: TS = ts): TypeOracle {
  let checker: ts.TypeChecker | undefined;
  // Creating the checker binds every file, which also sets the parent pointers nodeAt relies on.
  const get = () => (checker ??= program.getTypeChecker());
  return {
    valueKind(start, end) {
      const c = get();
      const node = nodeAt(tsi, sf, start, end);
      if (node === undefined) return undefined;
      const at = tsi.isPropertyAccessExpression(node) ? node.name : node;
      let symbol = c.getSymbolAtLocation(at);
      if (symbol === undefined) return undefined;
      if (symbol.flags & tsi.SymbolFlags.Alias) symbol = c.getAliasedSymbol(symbol);
      if (symbol.flags & tsi.SymbolFlags.Class) return "class";
      if (symbol.flags & tsi.SymbolFlags.Function) return "function";
      return symbol.flags & tsi.SymbolFlags.Value ? "value" : undefined;
    },
    typeShape(start, end) {
      const c = get();
      const node = nodeAt(tsi, sf, start, end);
      if (node === undefined || !tsi.isTypeNode(node)) return undefined;
      return shapeOfType(tsi, c, c.getTypeFromTypeNode(node), 0);
    },
    callsGenerator(start, end) {
      const c = get();
      const node = nodeAt(tsi, sf, start, end);
      if (node === undefined || !tsi.isCallExpression(node)) return undefined;
      const decl = c.getResolvedSignature(node)?.declaration;
      if (decl === undefined || !(tsi.isFunctionDeclaration(decl) || tsi.isFunctionExpression(decl) || tsi.isMethodDeclaration(decl))) return false;
      return decl.asteriskToken !== undefined && !decl.modifiers?.some((m) => m.kind === tsi.SyntaxKind.AsyncKeyword);
    },
  };
}

/** The outermost node spanning exactly [start, end) (tokens' leading trivia excluded). */
function nodeAt(tsi: TS, sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found !== undefined || n.pos > start || n.end < end) return;
    if (n.end === end && n.getStart(sf) === start) found = n;
    else tsi.forEachChild(n, visit);
  };
  tsi.forEachChild(sf, visit);
  return found;
}

function shapeOfType(tsi: TS, c: ts.TypeChecker, t: ts.Type, depth: number): Shape {
  const text = c.typeToString(t, undefined, tsi.TypeFormatFlags.NoTruncation);
  const f = t.flags;
  if (depth > MAX_DEPTH) return { kind: "unknown", text };
  if (t.isUnion()) return { kind: "union", members: t.types.map((m) => shapeOfType(tsi, c, m, depth + 1)), text };
  if (t.isStringLiteral()) return { kind: "literal", key: JSON.stringify(t.value), typeOf: "string", text };
  if (t.isNumberLiteral()) return { kind: "literal", key: String(t.value), typeOf: "number", text };
  if (f & tsi.TypeFlags.BigIntLiteral) {
    const lit = literalOf(text);
    return lit === null ? { kind: "unknown", text } : { kind: "literal", ...lit, text };
  }
  if (f & tsi.TypeFlags.BooleanLiteral) return { kind: "literal", key: text === "true" ? "true" : "false", typeOf: "boolean", text };
  if (f & tsi.TypeFlags.Null) return { kind: "literal", key: "null", typeOf: "null", text };
  if (f & (tsi.TypeFlags.Undefined | tsi.TypeFlags.Void)) return { kind: "literal", key: "undefined", typeOf: "undefined", text };
  if (f & (tsi.TypeFlags.String | tsi.TypeFlags.TemplateLiteral | tsi.TypeFlags.StringMapping)) return { kind: "primitive", typeOf: "string", text };
  if (f & tsi.TypeFlags.Number) return { kind: "primitive", typeOf: "number", text };
  if (f & tsi.TypeFlags.BigInt) return { kind: "primitive", typeOf: "bigint", text };
  if (f & tsi.TypeFlags.Boolean) return { kind: "primitive", typeOf: "boolean", text };
  if (f & (tsi.TypeFlags.ESSymbol | tsi.TypeFlags.UniqueESSymbol)) return { kind: "primitive", typeOf: "symbol", text };
  if (c.isTupleType(t)) {
    const target = (t as ts.TypeReference).target as ts.TupleType;
    const args = c.getTypeArguments(t as ts.TypeReference);
    const items: { shape: Shape; optional: boolean }[] = [];
    let rest: Shape | null = null;
    for (let i = 0; i < args.length; i++) {
      const flags = target.elementFlags[i] ?? tsi.ElementFlags.Required;
      const shape = shapeOfType(tsi, c, args[i]!, depth + 1);
      if (flags & tsi.ElementFlags.Variable) {
        if (rest !== null || i !== args.length - 1) return { kind: "unknown", text }; // a rest in the middle: not followed
        rest = flags & tsi.ElementFlags.Rest ? shape : { kind: "unknown" };
      } else items.push({ shape, optional: (flags & tsi.ElementFlags.Optional) !== 0 });
    }
    return { kind: "tuple", items, rest, text };
  }
  if (c.isArrayType(t)) {
    const [element] = c.getTypeArguments(t as ts.TypeReference);
    return { kind: "tuple", items: [], rest: element === undefined ? { kind: "unknown" } : shapeOfType(tsi, c, element, depth + 1), text };
  }
  if (f & tsi.TypeFlags.Object && !(f & tsi.TypeFlags.Intersection)) {
    const symbol = t.getSymbol();
    // a class instance, a function, or anything callable: what a pattern may find there is not listed
    if (symbol !== undefined && symbol.flags & (tsi.SymbolFlags.Class | tsi.SymbolFlags.Function | tsi.SymbolFlags.Method)) return { kind: "unknown", text };
    if (t.getCallSignatures().length > 0 || t.getConstructSignatures().length > 0) return { kind: "unknown", text };
    const props = c.getPropertiesOfType(t).map((p) => {
      const optional = (p.flags & tsi.SymbolFlags.Optional) !== 0;
      return { key: p.name, shape: shapeOfType(tsi, c, c.getTypeOfSymbol(p), depth + 1), optional };
    });
    return { kind: "object", props, open: c.getIndexInfosOfType(t).length > 0, text };
  }
  return { kind: "unknown", text };
}
