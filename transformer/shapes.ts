// Message-type shapes: what a receive's `Msg` can hold, reduced to what a pattern can test
// (literals, typeof, tuple lengths, object keys), so checks.ts can tell a clause that matches no
// member of `Msg`. A shape comes from the type checker (type-oracle.ts, the ts-patch door) or, in
// every door, from the syntax of a type declared in the same file (shapeOfTypeNode below). What is
// not understood is "unknown", which every pattern may match: the check only ever errs silent.

import ts from "typescript";
import type { Pattern } from "./patterns.js";

export type LiteralTypeOf = "string" | "number" | "bigint" | "boolean" | "null" | "undefined";

export type Shape = (
  | { kind: "unknown" }
  /** One value; `key` is canonical (a JSON string, a number's shortest text, `1n`, `true`, `null`...). */
  | { kind: "literal"; key: string; typeOf: LiteralTypeOf }
  | { kind: "primitive"; typeOf: "string" | "number" | "bigint" | "boolean" | "symbol" }
  /** A tuple or array: `items` first (some optional), then any number of `rest`. */
  | { kind: "tuple"; items: { shape: Shape; optional: boolean }[]; rest: Shape | null }
  /** An object type; `open` when an index signature allows keys not listed. */
  | { kind: "object"; props: { key: string; shape: Shape; optional: boolean }[]; open: boolean }
  | { kind: "union"; members: Shape[] }
) & {
  /** How the type is written, to name it in a message. */
  text?: string;
};

const UNKNOWN: Shape = { kind: "unknown" };
const UNDEFINED: Shape = { kind: "literal", key: "undefined", typeOf: "undefined" };

/** The canonical value of a literal written in source (`"a"`, `'a'`, `-1`, `0x10`, `2n`, `true`...). */
export function literalOf(code: string): { key: string; typeOf: LiteralTypeOf } | null {
  if (code === "true" || code === "false") return { key: code, typeOf: "boolean" };
  if (code === "null" || code === "undefined") return { key: code, typeOf: code };
  if (code.startsWith('"') || code.startsWith("'")) {
    if (!code.includes("\\")) return { key: JSON.stringify(code.slice(1, -1)), typeOf: "string" }; // no escapes: the common case
    const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
    return scanner.scan() === ts.SyntaxKind.StringLiteral ? { key: JSON.stringify(scanner.getTokenValue()), typeOf: "string" } : null;
  }
  let text = code.replace(/_/g, "").replace(/\s+/g, "");
  const negative = text.startsWith("-");
  if (negative || text.startsWith("+")) text = text.slice(1);
  if (text.endsWith("n")) {
    try {
      const b = BigInt(text.slice(0, -1));
      return { key: `${negative ? -b : b}n`, typeOf: "bigint" };
    } catch {
      return null;
    }
  }
  const n = Number(text);
  return Number.isNaN(n) ? null : { key: String(negative ? -n : n), typeOf: "number" };
}

/** The members of a shape's top-level union, nested unions flattened. */
export function membersOf(s: Shape): Shape[] {
  return s.kind === "union" ? s.members.flatMap(membersOf) : [s];
}

/** Whether some value of shape `s` might match `p` (true when in doubt). */
export function canMatch(p: Pattern, s: Shape): boolean {
  if (s.kind === "unknown") return true;
  if (s.kind === "union") return s.members.some((m) => canMatch(p, m));
  switch (p.kind) {
    case "wild":
    case "bind":
    case "value":
      return true;
    case "literal": {
      const lit = literalOf(p.code);
      if (lit === null || p.code === "NaN") return true;
      if (s.kind === "literal") return s.key === lit.key;
      if (s.kind === "primitive") return s.typeOf === lit.typeOf;
      return false;
    }
    case "array": {
      if (s.kind === "object") return false; // a message typed as an object is not meant to be an array
      if (s.kind !== "tuple") return false;
      const n = p.items.length;
      const required = s.items.filter((i) => !i.optional).length;
      const max = s.rest === null ? s.items.length : Infinity;
      if (p.rest === null ? n < required || n > max : n > max) return false;
      return p.items.every((item, i) => {
        const el = elementAt(s, i);
        return el !== null && canMatch(item, el);
      });
    }
    case "object": {
      if (s.kind === "tuple") return p.props.every((q) => /^\d+$|^length$/.test(q.key));
      if (s.kind !== "object") return false;
      return p.props.every((q) => {
        const prop = s.props.find((x) => x.key === q.key);
        if (prop === undefined) return s.open;
        return canMatch(q.value, prop.shape);
      });
    }
    case "typed": {
      const t = p.test;
      if (typeof t === "string") {
        const typeOf = s.kind === "literal" || s.kind === "primitive" ? s.typeOf : s.kind === "tuple" || s.kind === "object" ? "object" : null;
        const wanted = t === "function" ? "function" : t;
        if (typeOf !== null && typeOf !== (wanted === "object" ? "object" : wanted)) return false;
      } else if (s.kind === "literal" || s.kind === "primitive") {
        return false; // `X as SomeClass` is an instanceof test: never true of a primitive
      }
      return canMatch(p.inner, s);
    }
  }
}

function elementAt(s: Extract<Shape, { kind: "tuple" }>, i: number): Shape | null {
  const item = s.items[i];
  if (item !== undefined) return item.optional ? { kind: "union", members: [item.shape, UNDEFINED] } : item.shape;
  return s.rest;
}

/**
 * How far pattern `p` is from matching shape `s`, for naming the closest members in a message:
 * 0 where it could match, the edit distance between literals that differ, more for a wrong structure.
 */
export function distance(p: Pattern, s: Shape): number {
  if (s.kind === "unknown") return 0;
  if (s.kind === "union") return Math.min(...s.members.map((m) => distance(p, m)));
  switch (p.kind) {
    case "wild":
    case "bind":
    case "value":
      return 0;
    case "literal": {
      const lit = literalOf(p.code);
      if (lit === null) return 0;
      if (s.kind === "primitive") return s.typeOf === lit.typeOf ? 0 : 4;
      if (s.kind !== "literal") return 6;
      if (s.key === lit.key) return 0;
      return s.typeOf === lit.typeOf ? Math.min(editDistance(s.key, lit.key), 4) : 4;
    }
    case "array": {
      if (s.kind !== "tuple") return 6 + p.items.length;
      let d = 0;
      p.items.forEach((item, i) => {
        const el = elementAt(s, i);
        d += el === null ? 3 : distance(item, el);
      });
      if (p.rest === null) d += 3 * Math.max(0, s.items.filter((i) => !i.optional).length - p.items.length);
      return d;
    }
    case "object": {
      if (s.kind !== "object") return 6 + p.props.length;
      let d = 0;
      for (const q of p.props) {
        const prop = s.props.find((x) => x.key === q.key);
        if (prop !== undefined) d += distance(q.value, prop.shape);
        else if (!s.open) d += Math.min(4, ...s.props.map((x) => editDistance(x.key, q.key)));
      }
      return d;
    }
    case "typed":
      return canMatch(p, s) ? distance(p.inner, s) : 4;
  }
}

/** Levenshtein distance (insert, delete, substitute), for literals that are nearly right. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

// ---- shapes from syntax: types declared in the same file ----

const KEYWORDS: Partial<Record<ts.SyntaxKind, Shape>> = {
  [ts.SyntaxKind.StringKeyword]: { kind: "primitive", typeOf: "string" },
  [ts.SyntaxKind.NumberKeyword]: { kind: "primitive", typeOf: "number" },
  [ts.SyntaxKind.BigIntKeyword]: { kind: "primitive", typeOf: "bigint" },
  [ts.SyntaxKind.BooleanKeyword]: { kind: "primitive", typeOf: "boolean" },
  [ts.SyntaxKind.SymbolKeyword]: { kind: "primitive", typeOf: "symbol" },
  [ts.SyntaxKind.UndefinedKeyword]: UNDEFINED,
  [ts.SyntaxKind.VoidKeyword]: UNDEFINED,
};

const declared = new WeakMap<ts.Node, Shape>();

/**
 * The shape of a type written in the source, following references to type aliases and interfaces
 * declared in the same file: unions, literal types, the primitive keywords, tuples, arrays and
 * object type literals. Anything else (an imported type, a class, a generic, an intersection, a
 * mapped or conditional type) is "unknown".
 */
export function shapeOfTypeNode(node: ts.TypeNode, sf: ts.SourceFile, seen: Set<ts.Node> = new Set()): Shape {
  const text = node.getText(sf).replace(/\s+/g, " ");
  const keyword = KEYWORDS[node.kind];
  if (keyword !== undefined) return { ...keyword, text };
  if (ts.isParenthesizedTypeNode(node)) return shapeOfTypeNode(node.type, sf, seen);
  if (ts.isUnionTypeNode(node)) return { kind: "union", members: node.types.map((t) => shapeOfTypeNode(t, sf, seen)), text };
  if (ts.isLiteralTypeNode(node)) {
    const lit = literalOf(node.literal.getText(sf));
    return lit === null ? UNKNOWN : { kind: "literal", ...lit, text };
  }
  if (ts.isTupleTypeNode(node)) {
    const items: { shape: Shape; optional: boolean }[] = [];
    let rest: Shape | null = null;
    for (const el of node.elements) {
      const member = ts.isNamedTupleMember(el) ? el : null;
      const type = member ? member.type : el;
      if ((member && member.dotDotDotToken) || ts.isRestTypeNode(type)) {
        const inner = ts.isRestTypeNode(type) ? type.type : type;
        // `...T[]` adds any number of T; a rest that is not last, or of a non-array, is not followed
        if (rest !== null || !ts.isArrayTypeNode(inner)) return { kind: "unknown", text };
        rest = shapeOfTypeNode(inner.elementType, sf, seen);
        continue;
      }
      if (rest !== null) return { kind: "unknown", text };
      if (ts.isOptionalTypeNode(type)) items.push({ shape: shapeOfTypeNode(type.type, sf, seen), optional: true });
      else items.push({ shape: shapeOfTypeNode(type, sf, seen), optional: member?.questionToken !== undefined });
    }
    return { kind: "tuple", items, rest, text };
  }
  if (ts.isArrayTypeNode(node)) return { kind: "tuple", items: [], rest: shapeOfTypeNode(node.elementType, sf, seen), text };
  if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return { ...shapeOfTypeNode(node.type, sf, seen), text };
  if (ts.isTypeLiteralNode(node)) return objectShape(node.members, sf, seen, text);
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    const args = node.typeArguments ?? [];
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return { kind: "tuple", items: [], rest: shapeOfTypeNode(args[0]!, sf, seen), text };
    if (args.length > 0) return { kind: "unknown", text };
    const decl = localTypeDeclaration(name, node);
    if (decl === null || seen.has(decl)) return { kind: "unknown", text };
    const known = declared.get(decl);
    if (known !== undefined && seen.size === 0) return known;
    const inner = new Set(seen).add(decl);
    let s: Shape;
    if (ts.isTypeAliasDeclaration(decl)) {
      s = shapeOfTypeNode(decl.type, sf, inner);
      // name a reference by what it stands for, unless that is a union (its members are named)
      if (s.kind !== "union") s = { ...s, text: s.text ?? text };
    } else s = objectShape(decl.members, sf, inner, text);
    // every receive of a file names the same few types: each is reduced once (when reached from
    // the top, so a shape cut short by a cycle is not remembered)
    if (seen.size === 0) declared.set(decl, s);
    return s;
  }
  return { kind: "unknown", text };
}

function objectShape(members: ts.NodeArray<ts.TypeElement>, sf: ts.SourceFile, seen: Set<ts.Node>, text: string): Shape {
  const props: { key: string; shape: Shape; optional: boolean }[] = [];
  let open = false;
  for (const m of members) {
    if (ts.isPropertySignature(m) && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) || ts.isNumericLiteral(m.name))) {
      const shape = m.type ? shapeOfTypeNode(m.type, sf, seen) : UNKNOWN;
      props.push({ key: m.name.text, shape: m.questionToken ? { kind: "union", members: [shape, UNDEFINED] } : shape, optional: m.questionToken !== undefined });
    } else if (ts.isIndexSignatureDeclaration(m) || ts.isPropertySignature(m)) {
      open = true; // an index signature, or a computed key: other keys may be there
    } else if (ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m)) {
      return { kind: "unknown", text };
    }
    // methods are keys too, but no pattern tests them usefully: they stay unlisted
    else if (ts.isMethodSignature(m)) open = true;
  }
  return { kind: "object", props, open, text };
}

/**
 * The type alias or interface `name` refers to at `at`, when it is declared once in this file
 * (at the top level or in an enclosing block) and no enclosing generic shadows it; else null.
 */
function localTypeDeclaration(name: string, at: ts.Node): ts.TypeAliasDeclaration | ts.InterfaceDeclaration | null {
  for (let p: ts.Node | undefined = at.parent; p !== undefined; p = p.parent) {
    const params = (p as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
    if (params?.some((t) => t.name.text === name)) return null;
    if (ts.isSourceFile(p) || ts.isBlock(p) || ts.isModuleBlock(p)) {
      const found = p.statements.filter(
        (s): s is ts.TypeAliasDeclaration | ts.InterfaceDeclaration | ts.ClassDeclaration | ts.EnumDeclaration =>
          (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name?.text === name,
      );
      if (found.length === 0) continue;
      const only = found[0]!;
      if (found.length > 1 || ts.isClassDeclaration(only) || ts.isEnumDeclaration(only)) return null;
      if (ts.isInterfaceDeclaration(only) && only.heritageClauses !== undefined) return null; // inherited members: not followed
      if (only.typeParameters !== undefined) return null;
      return only;
    }
  }
  return null;
}
