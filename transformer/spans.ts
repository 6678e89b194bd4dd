// Where each piece of the compiled text came from, finer than a source map: for editors. A
// MagicString that records its edits, so the output can be described as spans (unchanged text,
// rewritten heads and labels, source text copied into generated code, pattern bindings and the
// declarations that stand for them) and every position of the user's file maps to the code
// the language service actually checks.
//
// Why not the source map: magic-string maps an overwritten chunk to its start only, but a
// binding written in `case [From, "x"]:` lives in the output as `const From: ... = __m1[0];` inside
// the rewritten label, and a guard is copied into the matcher; an editor must send hover, rename
// and completions there.

import MagicString from "magic-string";
import ts from "typescript";

/**
 * One piece of the output and where it came from. Offsets are UTF-16 indices, `source*` into the
 * input and `generated*` into CompileResult.code.
 * - "same": text left as written (the lengths are equal);
 * - "rewritten": a switch head or case label (or removed import specifier) and its replacement;
 * - "copy": source text copied verbatim into generated code (a guard or a `match` subject into the
 *   matcher, `after(ms)`'s argument, the message type of `receive<Msg>()`);
 * - "binding": a name bound by a pattern and its declaration at the top of the case body;
 * - "guard-binding": the same name and its declaration in the matcher, where the guards read it.
 */
export interface CodeSpan {
  kind: "same" | "rewritten" | "copy" | "binding" | "guard-binding";
  source: number;
  sourceLength: number;
  generated: number;
  generatedLength: number;
}

type Kind = Exclude<CodeSpan["kind"], "same" | "rewritten">;
type Op = "replace" | "appendLeft" | "prependLeft" | "appendRight" | "prependRight" | "append";

interface Edit {
  /** Source range replaced ([at, at) for an insertion). */
  start: number;
  end: number;
  text: string;
  /** Order of the call, so insertions at one position keep their order. */
  seq: number;
  /** Which magic-string call made it: where an insertion lands among others at its offset. */
  op: Op;
  /** Marked pieces of `text`, at offsets into the stripped text. */
  marks: { offset: number; length: number; sources: { start: number; end: number }[]; kind: Kind }[];
}

// Private-use characters cannot occur in compiled code built from the user's text (a user's own
// would be in a string or comment that is copied whole, never split by a mark).
const OPEN = "\uE000";
const MID = "\uE001";
const CLOSE = "\uE002";
const MARK = /\uE000(\d+)\uE001([^\uE000-\uE002]*)\uE002/g;

export class SpanTrackingString extends MagicString {
  private readonly edits: Edit[] = [];
  private readonly pending: { sources: { start: number; end: number }[]; kind: Kind }[] = [];
  private readonly shared = new Map<string, { text: string; sources: { start: number; end: number }[] }>();
  private readonly input: string;

  constructor(input: string) {
    super(input);
    this.input = input;
  }

  /**
   * `text` tagged as coming from `sources` (a copy of one, or a binding's declaration for its
   * pattern sites); the tag is dropped from the output and kept as a span.
   */
  mark(text: string, kind: Kind, sources: { start: number; end: number }[]): string {
    this.pending.push({ sources, kind });
    return `${OPEN}${this.pending.length - 1}${MID}${text}${CLOSE}`;
  }

  /**
   * Like mark, but one tag per text within `scope` (one switch), gathering every site: the same text
   * always comes out as the same string, so code that compares generated strings (the matcher's
   * shared tests) is unchanged, and each copy maps to every site that wrote it in that switch.
   */
  markShared(scope: string, text: string, kind: Kind, sources: { start: number; end: number }[]): string {
    const key = `${scope}\0${kind}\0${text}`;
    let tag = this.shared.get(key);
    if (tag === undefined) {
      const all: { start: number; end: number }[] = [];
      tag = { text: this.mark(text, kind, all), sources: all };
      this.shared.set(key, tag);
    }
    for (const s of sources) if (!tag.sources.some((t) => t.start === s.start)) tag.sources.push(s);
    return tag.text;
  }

  private record(start: number, end: number, content: string, op: Op): string {
    const marks: Edit["marks"] = [];
    let out = "";
    let last = 0;
    for (const m of content.matchAll(MARK)) {
      out += content.slice(last, m.index);
      const tag = this.pending[Number(m[1])]!;
      marks.push({ offset: out.length, length: m[2]!.length, ...tag });
      out += m[2];
      last = m.index + m[0].length;
    }
    out += content.slice(last);
    this.edits.push({ start, end, text: out, seq: this.edits.length, op, marks });
    return out;
  }

  // overwrite() is recorded here too: magic-string implements it by calling this.update().
  override update(start: number, end: number, content: string, options?: Parameters<MagicString["update"]>[3]): this {
    return super.update(start, end, this.record(start, end, content, "replace"), options);
  }
  override appendLeft(index: number, content: string): this {
    return super.appendLeft(index, this.record(index, index, content, "appendLeft"));
  }
  override prependLeft(index: number, content: string): this {
    return super.prependLeft(index, this.record(index, index, content, "prependLeft"));
  }
  override appendRight(index: number, content: string): this {
    return super.appendRight(index, this.record(index, index, content, "appendRight"));
  }
  override prependRight(index: number, content: string): this {
    return super.prependRight(index, this.record(index, index, content, "prependRight"));
  }
  override append(content: string): this {
    return super.append(this.record(this.input.length, this.input.length, content, "append"));
  }
  override remove(start: number, end: number): this {
    this.record(start, end, "", "replace");
    return super.remove(start, end);
  }

  /**
   * The spans of `code` (this string's output). Replacements never overlap and insertions sit
   * between them, which is all the compiler does; the result is checked against `code` and an
   * error thrown if the model and magic-string ever disagree.
   */
  spans(code: string): CodeSpan[] {
    // At one offset magic-string writes the outro of the chunk ending there (appendLeft adds to its
    // back, prependLeft to its front), then the intro of the chunk starting there (appendRight to its
    // back, prependRight to its front), then that chunk's own, possibly replaced, text; `append`
    // comes after everything. Replaying the calls in order gives each insertion its rank.
    const group = { prependLeft: 0, appendLeft: 0, prependRight: 1, appendRight: 1, replace: 2, append: 3 } as const;
    const rank = new Map<Edit, number>();
    const lists = new Map<string, Edit[]>();
    for (const e of this.edits) {
      if (e.op === "replace") continue;
      const key = `${e.start}:${group[e.op]}`;
      const list = lists.get(key) ?? [];
      if (e.op.startsWith("prepend")) list.unshift(e);
      else list.push(e);
      lists.set(key, list);
    }
    for (const list of lists.values()) list.forEach((e, i) => rank.set(e, i));
    const edits = [...this.edits].sort((a, b) => a.start - b.start || group[a.op] - group[b.op] || (rank.get(a) ?? a.seq) - (rank.get(b) ?? b.seq));
    const out: CodeSpan[] = [];
    let src = 0;
    let gen = 0;
    for (const e of edits) {
      if (e.start > src) {
        out.push({ kind: "same", source: src, sourceLength: e.start - src, generated: gen, generatedLength: e.start - src });
        gen += e.start - src;
        src = e.start;
      }
      if (e.end > e.start) out.push({ kind: "rewritten", source: e.start, sourceLength: e.end - e.start, generated: gen, generatedLength: e.text.length });
      for (const m of e.marks)
        for (const s of m.sources) out.push({ kind: m.kind, source: s.start, sourceLength: s.end - s.start, generated: gen + m.offset, generatedLength: m.length });
      gen += e.text.length;
      src = Math.max(src, e.end);
    }
    if (src < this.input.length) out.push({ kind: "same", source: src, sourceLength: this.input.length - src, generated: gen, generatedLength: this.input.length - src });
    for (const s of out) {
      const from = this.input.slice(s.source, s.source + s.sourceLength);
      const to = code.slice(s.generated, s.generated + s.generatedLength);
      const ok = s.kind === "rewritten" || (s.kind === "same" || s.kind === "copy" ? from === to : to.length > 0 && from === to);
      if (!ok) throw new Error(`ts-otp internal error: ${s.kind} span at ${s.source} maps to ${JSON.stringify(to)}, expected ${JSON.stringify(from)}`);
    }
    return out.sort((a, b) => a.generated - b.generated);
  }
}

/**
 * Where each name is written in a case's pattern (its guards excluded): the sites a binding's
 * declaration, or a compared value's copy, stands for. A chain `Kind.Alloc` is one site under its
 * whole text; property keys and types are not sites.
 */
export function patternSites(clause: ts.CaseOrDefaultClause, guards: readonly ts.Expression[], sf: ts.SourceFile): Map<string, { start: number; end: number }[]> {
  const out = new Map<string, { start: number; end: number }[]>();
  if (!ts.isCaseClause(clause)) return out;
  const skip = new Set<ts.Node>(guards);
  const visit = (n: ts.Node): void => {
    if (skip.has(n) || ts.isTypeNode(n)) return;
    if (ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) {
      const p = n.parent;
      if (!(ts.isPropertyAssignment(p) && p.name === n)) {
        const text = n.getText(sf);
        const list = out.get(text) ?? [];
        list.push({ start: n.getStart(sf), end: n.getEnd() });
        out.set(text, list);
      }
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(clause.expression);
  return out;
}
