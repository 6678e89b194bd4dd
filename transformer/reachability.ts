// Clauses no message can reach: an earlier clause without a guard always matches whatever a later
// one matches (Erlang warns "this clause cannot match because a previous clause always matches").
// Decided on the patterns alone, by subsumption; false when in doubt, so it only ever warns rightly.

import type ts from "typescript";
import { TransformerError } from "./diagnostics.js";
import type { ParsedCase, Pattern } from "./patterns.js";
import { literalOf } from "./shapes.js";

/** Warnings for the clauses of one receive/match (in order, `after` excluded; `parsed` null for `default:`). */
export function checkReachable(sf: ts.SourceFile, alts: readonly { clause: ts.CaseOrDefaultClause; parsed: ParsedCase | null }[], patternNode: (clause: ts.CaseClause) => ts.Node): TransformerError[] {
  const out: TransformerError[] = [];
  const covering: { pattern: Pattern; line: number }[] = [];
  for (const { clause, parsed } of alts) {
    const line = sf.getLineAndCharacterOfPosition(clause.getStart(sf)).line + 1;
    if (parsed === null) {
      // `default:` is last (an error otherwise), so only a catch-all case before it pre-empts it
      const by = covering.find((x) => alwaysMatches(x.pattern));
      if (by !== undefined) out.push(new TransformerError(clause, "UnreachableClause", String(by.line)));
      continue;
    }
    const by = covering.find((x) => subsumes(x.pattern, parsed.pattern, repeatedNames(x.pattern)));
    if (by !== undefined) out.push(new TransformerError(patternNode(clause as ts.CaseClause), "UnreachableClause", String(by.line)));
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
