// Plan: a pattern -> straight-line tests over an access expression, the bindings it makes (each an
// access expression plus its key path, for typing), and the pattern written as a type.
// No interpretation at run time: the tests are plain `===`, `typeof`, `Array.isArray`, `in`.

import type { Pattern } from "./patterns.js";

export interface Binding {
  name: string;
  /** The expression that reads the bound value, e.g. `$m[1][1]`. */
  access: string;
  /** Key path from the subject to the value, as type-level keys (`0`, `"from"`). */
  path: string[];
  /** For a rest binding `[H, ...T]`: how many elements precede it. */
  restFrom?: number;
}

export interface Plan {
  /** Conjunction of tests, in evaluation order (each is safe once the previous ones passed). */
  tests: string[];
  bindings: Binding[];
  /** The pattern as a type (literals as literal types, variables unknown), for Narrow<Msg, P>. */
  type: string;
  /** Identifiers the tests read from the enclosing scope. */
  roots: string[];
}

export function plan(p: Pattern, subject: string): Plan {
  const out: Plan = { tests: [], bindings: [], type: "", roots: [] };
  out.type = walk(p, subject, [], out);
  return out;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function walk(p: Pattern, acc: string, path: string[], out: Plan): string {
  switch (p.kind) {
    case "literal":
      // `x === NaN` is always false (and a TypeScript error): say so directly
      out.tests.push(p.code === "NaN" ? "false /* NaN never matches */" : `${acc} === ${p.code}`);
      return p.type;
    case "value":
      out.tests.push(`${acc} === ${p.code}`);
      out.roots.push(...p.roots);
      return p.type;
    case "wild":
      return "unknown";
    case "bind": {
      const first = out.bindings.find((b) => b.name === p.name);
      if (first !== undefined) out.tests.push(`${acc} === ${first.access}`); // non-linear: both positions equal
      else out.bindings.push({ name: p.name, access: acc, path });
      return "unknown";
    }
    case "array": {
      const n = p.items.length;
      out.tests.push(`Array.isArray(${acc})`, p.rest === null ? `${acc}.length === ${n}` : `${acc}.length >= ${n}`);
      const types = p.items.map((item, i) => walk(item, `${acc}[${i}]`, [...path, String(i)], out));
      if (p.rest !== null) {
        if (p.rest.kind === "bind") {
          const first = out.bindings.find((b) => b.name === (p.rest as { name: string }).name);
          if (first !== undefined) out.tests.push(tailEquals(acc, n, first.access)); // `[X, ...X]`: the tail equals X
          else out.bindings.push({ name: p.rest.name, access: `${acc}.slice(${n})`, path, restFrom: n });
        } else if (p.rest.kind === "value") {
          out.tests.push(tailEquals(acc, n, p.rest.code));
          out.roots.push(...p.rest.roots);
        }
        types.push("...unknown[]");
      }
      return `[${types.join(", ")}]`;
    }
    case "object": {
      out.tests.push(`typeof ${acc} === "object"`, `${acc} !== null`);
      const fields = p.props.map(({ key, value }) => {
        const k = JSON.stringify(key);
        out.tests.push(`${k} in ${acc}`);
        const t = walk(value, IDENT.test(key) ? `${acc}.${key}` : `${acc}[${k}]`, [...path, k], out);
        return `${k}: ${t}`;
      });
      return `{ ${fields.join("; ")} }`;
    }
    case "typed": {
      const t = p.test;
      if (typeof t === "string") {
        if (t === "object") out.tests.push(`typeof ${acc} === "object"`, `${acc} !== null`);
        else out.tests.push(`typeof ${acc} === "${t}"`);
      } else {
        out.tests.push(`${acc} instanceof ${t.cls}`);
        out.roots.push(...t.roots);
      }
      const inner = walk(p.inner, acc, path, out);
      return inner === "unknown" ? p.type : `${inner} & ${p.type}`;
    }
  }
}

/**
 * `[P, ...T]` with `T` bound: Erlang compares the tail list `[P | T]`; here the elements after the
 * first n are compared with T's, element by element with `===` (as every bound name compares), and
 * the lengths must agree. A T that is not an array matches nothing.
 */
function tailEquals(acc: string, n: number, tail: string): string {
  return `(Array.isArray(${tail}) && ${acc}.length === ${n} + ${tail}.length && ${tail}.every((e: unknown, i: number) => e === ${acc}[${n} + i]))`;
}
