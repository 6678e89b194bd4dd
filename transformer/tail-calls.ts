// Self tail calls of process functions become loops: `return f(args)` inside `function* f` jumps
// back to the top of f's body with the new arguments, instead of returning a fresh generator for
// the scheduler to start. Erlang code (`loop(State) -> receive ... end, loop(NewState)`) then runs
// at the speed of a hand-written `for (;;)`, on one generator, in constant memory. Mutual tail calls
// between consecutive functions run as one generator (further down: "mutual groups").
//
//   [source]                                   [output] (every line keeps its number)
//   function* loop(n: number, acc: A): Proc {  function* loop(n: number, acc: A): Proc { type __otp_T0 = typeof n; type __otp_T1 = typeof acc; __otp_tail: for (;; __otp_due() && (yield __otp_preempt)) {
//     const m = yield* receiveWith(isAny);       const m = yield* receiveWith(isAny);
//     if (m === "stop") return;                  if (m === "stop") return;
//     return m ? f(x) : loop(n + 1, [m, acc]);   if (m) { return f(x); } else { const __otp_t0 = (n + 1) satisfies __otp_T0, __otp_t1 = ([m, acc]) satisfies __otp_T1; n = __otp_t0; acc = __otp_t1; continue __otp_tail; }
//   }                                          } }
//
// All arguments go to temporaries before any parameter changes. That cheap form needs plain
// parameters, no defaults, none declared again in the body or read by a closure or a `finally`.
// Otherwise (lowerSelf's second form) the parameters are `let`s declared afresh at the top of every
// iteration from argument slots `__otp_aN` (a destructured one is renamed `__otp_pN` in the
// signature): defaults and destructuring apply again, and a closure or a `finally` keeps its own
// iteration's values ([0, 1, 2], not [2, 2, 2]).
// Only where that is the same program: `f` is a module-level `function*` never reassigned nor
// shadowed inside its body; the call is in tail position (a `return`'s operand, through parentheses,
// `as`/`!`/`satisfies`, and both arms of `?:`), not inside a nested function; f's body has no `var`
// and no `arguments`; no spread argument, no more arguments than parameters. Anything else is left
// as it was: a generator returned to the scheduler, which still runs it in constant memory.
//
// Which files: every file the compiler core compiles, i.e. every file that imports anything from
// ts-otp (see compile.ts); the rewrite touches nothing but self tail calls of `function*`s.

import type MagicString from "magic-string";
import ts from "typescript";

const SLOT = "__otp_a";
const GROUP_SLOT = "__otp_x";
const STATE = "__otp_s";
const RENAMED = "__otp_p";
const TYPE = "__otp_T";
const TEMP = "__otp_t";
const LABEL = "__otp_tail";
const ENTER = "__otp_enter";
const PREEMPT = "__otp_preempt";
const DUE = "__otp_due";
/**
 * The loop around a lowered body: `continue LABEL` (each tail call) runs its update clause, which
 * gives the scheduler a turn every 2,000 calls, as it had when every tail call went through it
 * (runtime/scheduler.ts, BUDGET): a process that only tail-calls cannot starve the others.
 * NOTE: keep in step with runtime/protocol.ts (PREEMPT, preemptDue).
 */
const LOOP = `${LABEL}: for (;; ${DUE}() && (yield ${PREEMPT}))`;

type Body = ts.FunctionDeclaration & { name: ts.Identifier; body: ts.Block };

/** A module-level `function*` and what the checks found in it. */
interface Fn {
  decl: Body;
  name: string;
  index: number;
  params: ts.NodeArray<ts.ParameterDeclaration>;
  rest: boolean;
  /** No `var`, no `arguments`, parameters and defaults can be re-bound in a loop. */
  loopable: boolean;
  /** Names of functions declared or possibly bound (by a pattern) somewhere in this body. */
  shadowed: Set<string>;
}

/** How a tail call to one function is written: its argument slots and the jump. */
interface Target {
  slot: (i: number) => string;
  /**
   * When set, the arguments go to `const` temporaries (`slot(i)`, typed `type(i)`), then to these
   * parameters, which the loop keeps (no fresh bindings needed).
   */
  reassign?: { param: (i: number) => string; type: (i: number) => string };
  /** Typed check of argument i (` satisfies T`), "" when the slot's own type checks it. */
  check: (i: number) => string;
  arity: number;
  rest: boolean;
  jump: string;
}

/**
 * Lowers every tail call it can prove sound; returns how many functions it rewrote. What the
 * lowered code needs from the runtime goes into `imports` (`name as local`), which the compiler
 * writes into its one import at the top of the file.
 */
export function lowerTailCalls(sf: ts.SourceFile, s: MagicString, isDslSwitch: (sw: ts.SwitchStatement) => boolean, imports: Set<string>): number {
  const typed = !/\.[cm]?jsx?$/.test(sf.fileName);
  const reassigned = assignedNames(sf);
  const count = new Map<string, number>();
  for (const st of sf.statements) if (ts.isFunctionDeclaration(st) && st.name && st.body) count.set(st.name.text, (count.get(st.name.text) ?? 0) + 1);
  const fns = new Map<string, Fn>();
  sf.statements.forEach((st, index) => {
    if (!ts.isFunctionDeclaration(st) || st.asteriskToken === undefined || !st.name || !st.body) return;
    if (st.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return;
    const name = st.name.text;
    if (reassigned.has(name) || count.get(name) !== 1) return;
    fns.set(name, analyze(st as Body, index));
  });
  const names = new Set(fns.keys());
  const callable = (from: Fn, to: string) => from.loopable && names.has(to) && !from.shadowed.has(to);

  // ---- mutual groups: strongly connected functions, consecutive in the file ----
  const edges = new Map<string, Set<string>>();
  for (const f of fns.values()) edges.set(f.name, new Set(tailSites(f, (g) => callable(f, g) && g !== f.name).flatMap((x) => x.callees)));
  let n = 0;
  const grouped = new Set<string>();
  for (const members of stronglyConnected([...names], (x) => [...edges.get(x)!])) {
    if (members.length < 2) continue;
    const group = members.map((m) => fns.get(m)!).sort((a, b) => a.index - b.index);
    if (!groupable(group, typed, sf)) continue;
    if (lowerGroup(group, sf, s, typed, isDslSwitch, callable)) {
      imports.add(`enterFunction as ${ENTER}`);
      group.forEach((g) => grouped.add(g.name));
      n += group.length;
    }
  }
  // ---- self tail calls of the others ----
  for (const f of fns.values()) if (!grouped.has(f.name) && lowerSelf(f, sf, s, typed, isDslSwitch, (g) => g === f.name && callable(f, g))) n++;
  if (n > 0) imports.add(`PREEMPT as ${PREEMPT}`).add(`preemptDue as ${DUE}`);
  return n;
}

function analyze(decl: Body, index: number): Fn {
  const params = decl.parameters;
  const f: Fn = { decl, name: decl.name.text, index, params, rest: params.at(-1)?.dotDotDotToken !== undefined, loopable: true, shadowed: new Set() };
  if (params.some((p) => ts.isIdentifier(p.name) && p.name.text === "this")) f.loopable = false;
  params.forEach((p) => bindingNames(p.name, (x) => f.shadowed.add(x)));
  const scan = (node: ts.Node, ownScope: boolean): void => {
    if (ownScope && ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) f.loopable = false; // var
    if (ownScope && ts.isIdentifier(node) && node.text === "arguments" && !isPropertyName(node)) f.loopable = false;
    declaredName(node, (x) => f.shadowed.add(x));
    if (ts.isCaseClause(node)) mentionsAll(node.expression, (x) => f.shadowed.add(x)); // a pattern may bind it
    // Arrow functions share f's `arguments` and `var` scope; other functions have their own.
    const own = ownScope && !(ts.isFunctionLike(node) && !ts.isArrowFunction(node)) && !ts.isClassLike(node);
    ts.forEachChild(node, (c) => scan(c, own));
  };
  ts.forEachChild(decl.body, (c) => scan(c, true));
  if (f.loopable) f.loopable = rebindable(f);
  return f;
}

/** Whether the parameters can be declared again at the top of the loop and mean the same. */
function rebindable(f: Fn): boolean {
  const topLevel = new Set<string>();
  for (const st of f.decl.body.statements) declaredAt(st, (x) => topLevel.add(x));
  const patternNames = new Set<string>();
  for (const p of f.params) {
    if (!ts.isIdentifier(p.name)) bindingNames(p.name, (x) => patternNames.add(x));
    let clash = false;
    bindingNames(p.name, (x) => (clash ||= topLevel.has(x))); // `function a() {}` beside the loop's `let a`
    if (clash) return false;
  }
  // Defaults are evaluated again in the loop: they must mean the same there (no body-level name
  // shadowing what they read, no name of a destructured parameter, which is renamed) and be free of
  // effects (on the first iteration a default that gave `undefined` is evaluated a second time).
  for (const p of f.params) {
    if (p.initializer === undefined) continue;
    if (!pureExpression(p.initializer)) return false;
    let clash = false;
    mentionsAll(p.initializer, (x) => (clash ||= topLevel.has(x) || patternNames.has(x)));
    if (clash) return false;
  }
  return true;
}

/**
 * Whether f's parameters can simply be reassigned at a tail call: plain names without defaults,
 * never declared again in the body (an assignment there would hit the inner name), and never
 * captured by a nested function or read in a `finally` (which runs after the jump's assignments),
 * so no iteration can observe another's values.
 */
function reassignable(f: Fn): boolean {
  if (!f.params.every((p) => ts.isIdentifier(p.name) && p.initializer === undefined)) return false;
  const params = new Set(f.params.map((p) => (p.name as ts.Identifier).text));
  let ok = true;
  const visit = (n: ts.Node, captured: boolean): void => {
    if (!ok) return;
    declaredName(n, (x) => (ok &&= !params.has(x)));
    if (ts.isCaseClause(n)) mentionsAll(n.expression, (x) => (ok &&= !params.has(x)));
    if (captured && ts.isIdentifier(n) && params.has(n.text) && !isPropertyName(n)) ok = false;
    if (ts.isTryStatement(n) && n.finallyBlock) {
      visit(n.tryBlock, captured);
      if (n.catchClause) visit(n.catchClause, captured);
      visit(n.finallyBlock, true);
      return;
    }
    const inner = captured || ts.isFunctionLike(n) || ts.isClassLike(n);
    ts.forEachChild(n, (c) => visit(c, inner));
  };
  ts.forEachChild(f.decl.body, (c) => visit(c, false));
  return ok;
}

/** The return statements of f's own body whose tail position calls a function `wanted` accepts. */
function tailSites(f: Fn, wanted: (name: string) => boolean): { site: ts.ReturnStatement; callees: string[] }[] {
  const out: { site: ts.ReturnStatement; callees: string[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) {
      const callees = tailCallees(node.expression).filter(wanted);
      if (callees.length > 0) out.push({ site: node, callees });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(f.decl.body, visit);
  return out;
}

function selfTarget(f: Fn): Target {
  return { slot: (i) => SLOT + i, check: () => "", arity: f.params.length, rest: f.rest, jump: `continue ${LABEL};` };
}

function lowerSelf(f: Fn, sf: ts.SourceFile, s: MagicString, typed: boolean, isDslSwitch: (sw: ts.SwitchStatement) => boolean, wanted: (g: string) => boolean): boolean {
  const sites = tailSites(f, wanted);
  if (sites.length === 0) return false;
  const edits: Edit[] = [];
  const fn = f.decl;
  if (reassignable(f)) {
    // The cheap form: the parameters themselves are reassigned (through temporaries, so every
    // argument is evaluated first) and the loop keeps them: nothing else lives across a receive.
    const names = f.params.map((p) => (p.name as ts.Identifier).text);
    const target: Target = {
      ...selfTarget(f),
      slot: (i) => `${TEMP}${i}`,
      // Each argument is checked where it stands, `(arg) satisfies T`, rather than by a typed
      // temporary: a type error then lands on the user's argument, not on generated code.
      check: (i) => (typed ? ` satisfies ${TYPE}${i}` : ""),
      reassign: { param: (i) => names[i]!, type: () => "" },
    };
    for (const { site } of sites) if (!lowerSite(site, new Map([[f.name, target]]), sf, s, edits)) return false;
    const aliases = typed ? names.map((x, i) => ` type ${TYPE}${i} = typeof ${x};`).join("") : "";
    const tail = canComplete(fn.body, isDslSwitch) ? "break; } " : "} ";
    edits.push(() => {
      s.appendLeft(fn.body.getStart(sf) + 1, `${aliases} ${LOOP} {`);
      s.prependRight(fn.body.end - 1, tail);
    });
    for (const e of edits) e();
    return true;
  }
  const targets = new Map([[f.name, selfTarget(f)]]);
  for (const { site } of sites) if (!lowerSite(site, targets, sf, s, edits)) return false;

  // ---- the loop around the body ----
  // In TypeScript each slot and parameter is typed `typeof` the original parameter (through an
  // alias declared where the parameter is still visible), so no type is inferred around the loop.
  const aliases: string[] = [];
  const slots: string[] = [];
  const lets: string[] = [];
  f.params.forEach((p, i) => {
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
    lets.push(`${p.name.getText(sf)}${typed ? `: ${T}` : ""} = ${rebind(p, SLOT + i, sf)}`);
  });
  const open = fn.body.getStart(sf) + 1;
  const head =
    (aliases.length > 0 ? " " + aliases.join(" ") : "") +
    (slots.length > 0 ? ` let ${slots.join(", ")};` : "") +
    ` ${LOOP} {` +
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

/** A parameter's value in the loop: its slot, or the default when the slot is undefined. */
function rebind(p: ts.ParameterDeclaration, slot: string, sf: ts.SourceFile): string {
  return p.initializer === undefined ? slot : `${slot} === undefined ? (${p.initializer.getText(sf)}) : ${slot}`;
}

// ---- mutual groups ----
//
//   [source]                                        [output]
//   export function* ping(n: number): Proc {         function* ping$pong(__otp_s: number, __otp_x0?: any): Proc { __otp_tail: for (;;) switch (__otp_s) { case 0: { __otp_enter(ping); let n: number = __otp_x0;
//     ...                                              ...
//     return pong(n + 1);                              { __otp_x0 = (n + 1) satisfies number; __otp_s = 1; continue __otp_tail; }
//   }                                                }
//   export function* pong(n: number): Proc {         case 1: { __otp_enter(pong); let n: number = __otp_x0;
//     ...                                              ...
//     return ping(n);                                  { __otp_x0 = (n) satisfies number; __otp_s = 0; continue __otp_tail; }
//   }                                                } } }
//   (end of file)                                    export function ping(n: number): Proc { return ping$pong(0, n); }
//                                                    export function pong(n: number): Proc { return ping$pong(1, n); }
//                                                    ping.prototype = pong.prototype = ping$pong.prototype;
//
// One generator runs the whole group, so a call between its members is a jump, not a new
// generator. Its members must be consecutive in the file (the bodies stay at their lines); each
// name stays callable as a plain function returning that generator (its `prototype` is the
// group's); `__otp_enter` records which member runs, for processInfo().currentFunction; stack
// traces name the group (`ping$pong`).

function groupable(group: Fn[], typed: boolean, sf: ts.SourceFile): boolean {
  for (let i = 1; i < group.length; i++) if (group[i]!.index !== group[i - 1]!.index + 1) return false;
  const ret = new Set(group.map((g) => g.decl.type?.getText(sf) ?? ""));
  if (ret.size !== 1 || (typed && ret.has(""))) return false;
  return group.every(
    (g) =>
      g.loopable &&
      g.decl.typeParameters === undefined &&
      !g.decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword || m.kind === ts.SyntaxKind.DeclareKeyword) &&
      (!typed || g.params.every((p) => p.type !== undefined || p.initializer !== undefined)),
  );
}

function lowerGroup(
  group: Fn[],
  sf: ts.SourceFile,
  s: MagicString,
  typed: boolean,
  isDslSwitch: (sw: ts.SwitchStatement) => boolean,
  callable: (from: Fn, to: string) => boolean,
): boolean {
  const G = group.map((g) => g.name).join("$");
  const members = new Set(group.map((g) => g.name));
  /** Parameter i of g's type as written (with `| undefined` where undefined may be passed), or null. */
  const typeOf = (g: Fn, i: number, passed: boolean): string | null => {
    const p = g.params[i]!;
    if (!typed) return null;
    if (p.type === undefined) return passed ? `Parameters<typeof ${g.name}>[${i}]` : `Exclude<Parameters<typeof ${g.name}>[${i}], undefined>`;
    const t = p.type.getText(sf);
    return p.questionToken !== undefined || (passed && p.initializer !== undefined) ? `${t} | undefined` : t;
  };
  const targets = new Map<string, Target>();
  group.forEach((g, k) =>
    targets.set(g.name, {
      slot: (i) => GROUP_SLOT + i,
      check: (i) => {
        const t = typeOf(g, i, true);
        return t === null ? "" : ` satisfies ${t}`;
      },
      arity: g.params.length,
      rest: g.rest,
      jump: `${STATE} = ${k}; continue ${LABEL};`,
    }),
  );
  const edits: Edit[] = [];
  for (const g of group)
    for (const { site } of tailSites(g, (x) => members.has(x) && callable(g, x))) if (!lowerSite(site, targets, sf, s, edits, (x) => members.has(x) && callable(g, x))) return false;

  const arity = Math.max(...group.map((g) => g.params.length));
  const slotParams = Array.from({ length: arity }, (_, i) => `${GROUP_SLOT}${i}${typed ? "?: any" : ""}`);
  const ret = typed ? `: ${group[0]!.decl.type!.getText(sf)}` : "";
  const wrappers: string[] = [];
  group.forEach((g, k) => {
    const d = g.decl;
    const lets = g.params.map((p, i) => {
      const t = typeOf(g, i, false);
      return `${p.name.getText(sf)}${t === null ? "" : `: ${t}`} = ${rebind(p, GROUP_SLOT + i, sf)}`;
    });
    const open =
      (k === 0 ? `function* ${G}(${[`${STATE}${typed ? ": number" : ""}`, ...slotParams].join(", ")})${ret} { ${LOOP} switch (${STATE}) { ` : "") +
      `case ${k}: { ${ENTER}(${g.name});` +
      (lets.length > 0 ? ` let ${lets.join(", ")};` : "");
    const start = d.getStart(sf);
    const bodyOpen = d.body.getStart(sf) + 1;
    const close = (canComplete(d.body, isDslSwitch) ? `break ${LABEL}; }` : "}") + (k === group.length - 1 ? " } }" : "");
    edits.push(() => {
      s.overwrite(start, bodyOpen, keepLines(open, sf.text.slice(start, bodyOpen)), { contentOnly: true });
      s.overwrite(d.body.end - 1, d.body.end, close, { contentOnly: true });
    });
    // The member's own name, at the end of the file: a plain function starting the group there.
    const text = sf.text;
    const params = g.params.map((p, i) =>
      ts.isIdentifier(p.name) ? p.getText(sf) : text.slice(p.getStart(sf), p.name.getStart(sf)) + RENAMED + i + text.slice(p.name.end, p.end),
    );
    const args = g.params.map((p, i) => (ts.isIdentifier(p.name) ? p.name.text : RENAMED + i));
    const exported = d.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ? "export " : "";
    // Its doc comment too, so editors and declaration files still show it on the name.
    const docs = (ts.getLeadingCommentRanges(text, d.pos) ?? []).map((c) => text.slice(c.pos, c.end)).filter((c) => c.startsWith("/**"));
    // Its generators are the group's: `prototype` says so (processInfo's currentFunction reads it).
    wrappers.push(
      `${docs.map((c) => c + "\n").join("")}${exported}function ${g.name}(${params.join(", ")})${ret} { return ${G}(${[String(k), ...args].join(", ")}); }\n` +
        `${g.name}.prototype = ${G}.prototype;`,
    );
  });
  edits.push(() => s.append(`\n${wrappers.join("\n")}\n`));
  for (const e of edits) e();
  return true;
}

/** Tarjan's strongly connected components. */
function stronglyConnected(nodes: string[], next: (n: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  let i = 0;
  const visit = (v: string): void => {
    index.set(v, i);
    low.set(v, i++);
    stack.push(v);
    on.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        c.push(w);
      } while (w !== v);
      out.push(c);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}

/** A rewrite of one return statement's tail expression, as edits to apply once all checks passed. */
type Edit = () => void;

/** Rewrites `return <tail expression>;` into a statement; false when a call there cannot be lowered. */
function lowerSite(site: ts.ReturnStatement, targets: Map<string, Target>, sf: ts.SourceFile, s: MagicString, edits: Edit[], wanted = (x: string) => targets.has(x)): boolean {
  const e = site.expression!;
  if (!lowerTail(e, targets, wanted, sf, s, edits)) return false;
  // `return ` and the trailing `;` go: the expression becomes a statement (a block or an if).
  edits.push(() => {
    s.overwrite(site.getStart(sf), e.getStart(sf), keepLines("", sf.text.slice(site.getStart(sf), e.getStart(sf))), { contentOnly: true });
    if (e.end < site.end) s.overwrite(e.end, site.end, keepLines("", sf.text.slice(e.end, site.end)), { contentOnly: true });
  });
  return true;
}

/**
 * Plans the rewrite of a tail expression into a statement, pushing its edits. False when a call
 * there cannot be lowered (then the function is left alone).
 */
function lowerTail(e: ts.Expression, targets: Map<string, Target>, wanted: (x: string) => boolean, sf: ts.SourceFile, s: MagicString, edits: Edit[]): boolean {
  const text = sf.text;
  const drop = (from: number, to: number) => edits.push(() => s.overwrite(from, to, keepLines("", text.slice(from, to)), { contentOnly: true }));
  const has = (x: ts.Expression) => tailCallees(x).some(wanted);
  const start = e.getStart(sf);
  // Wrappers that do not change which function is called: (x), x as T, x!, x satisfies T, <T>x.
  const inner = unwrap(e);
  if (inner !== e) {
    if (!has(inner)) return plain(e);
    const is = inner.getStart(sf);
    if (is > start) drop(start, is);
    if (e.end > inner.end) drop(inner.end, e.end);
    return lowerTail(inner, targets, wanted, sf, s, edits);
  }
  if (ts.isConditionalExpression(e)) {
    if (!has(e.whenTrue) && !has(e.whenFalse)) return plain(e);
    const c = e.condition;
    edits.push(() => s.appendRight(c.getStart(sf), "if ("));
    edits.push(() => s.overwrite(c.end, e.whenTrue.getStart(sf), keepLines(") ", text.slice(c.end, e.whenTrue.getStart(sf))), { contentOnly: true }));
    edits.push(() => s.overwrite(e.whenTrue.end, e.whenFalse.getStart(sf), keepLines(" else ", text.slice(e.whenTrue.end, e.whenFalse.getStart(sf))), { contentOnly: true }));
    return lowerTail(e.whenTrue, targets, wanted, sf, s, edits) && lowerTail(e.whenFalse, targets, wanted, sf, s, edits);
  }
  const callee = calleeName(e);
  if (callee === null || !wanted(callee)) return plain(e);
  const t = targets.get(callee)!;
  const args = (e as ts.CallExpression).arguments;
  if (args.some((a) => ts.isSpreadElement(a))) return false;
  if (!t.rest && args.length > t.arity) return false;
  // Slot i gets argument i; a rest parameter's slot gets the array of the remaining ones.
  const fixed = t.rest ? t.arity - 1 : t.arity;
  const restAt = t.rest ? t.arity - 1 : -1;
  const re = t.reassign;
  const target = (i: number) => (re ? re.param(i) : t.slot(i));
  const missing: string[] = [];
  for (let i = args.length; i < fixed; i++) missing.push(`${target(i)} = undefined;`);
  if (t.rest && args.length <= restAt) missing.push(`${target(restAt)} = []${t.check(restAt)};`);
  const given = Math.min(args.length, t.rest ? t.arity : args.length);
  const moves = re ? Array.from({ length: given }, (_, i) => `${re.param(i)} = ${t.slot(i)};`) : [];
  const close = `${[...moves, ...missing].map((x) => " " + x).join("")} ${t.jump} }`;
  if (args.length === 0) {
    edits.push(() => s.overwrite(start, e.end, keepLines(`{${close}`, text.slice(start, e.end)), { contentOnly: true }));
    return true;
  }
  // Each argument keeps its text; around it: `slot = (` ... `)` + the typed check, or with
  // `reassign`, one `const` declaring a temporary per argument.
  const paren = (i: number) => t.check(i) !== ""; // `x satisfies T` binds tighter than `a ? b : c`
  const name = (i: number) => (re && re.type(i) !== "" ? `${t.slot(i)}: ${re.type(i)}` : t.slot(i));
  const open = (i: number) =>
    (re && i === 0 ? "const " : "") +
    (i === restAt ? `${name(i)} = [` : i > restAt && restAt >= 0 ? "" : `${name(i)} = ${paren(i) ? "(" : ""}`);
  const end = re ? "," : ";";
  const shut = (i: number) => {
    const last = i === args.length - 1;
    if (restAt >= 0 && i >= restAt) return last ? `]${t.check(restAt)};` : ", ";
    return `${paren(i) ? ")" : ""}${t.check(i)}${last ? ";" : end}`;
  };
  edits.push(() => s.overwrite(start, args[0]!.getStart(sf), keepLines(`{ ${open(0)}`, text.slice(start, args[0]!.getStart(sf))), { contentOnly: true }));
  for (let i = 1; i < args.length; i++) {
    const from = args[i - 1]!.end;
    const to = args[i]!.getStart(sf);
    const between = shut(i - 1) + (shut(i - 1) === ", " ? "" : " ") + open(i);
    edits.push(() => s.overwrite(from, to, keepLines(between, text.slice(from, to)), { contentOnly: true }));
  }
  const last = args[args.length - 1]!.end;
  edits.push(() => s.overwrite(last, e.end, keepLines(shut(args.length - 1) + close, text.slice(last, e.end)), { contentOnly: true }));
  return true;

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
    const ends = (c: ts.CaseOrDefaultClause) => c.statements.length > 0 && go(c.statements[c.statements.length - 1]!);
    // A compiled receive/match clause that completes leaves the switch (no fall-through in the
    // DSL); a plain switch falls through to the next clause, so only its last one can leave it.
    if (isDslSwitch(st)) {
      if (clauses.some(ends)) return true;
    } else {
      if (!clauses.some(ts.isDefaultClause)) return true;
      const last = clauses[clauses.length - 1];
      if (last === undefined || last.statements.length === 0 || ends(last)) return true;
    }
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

function calleeName(e: ts.Expression): string | null {
  return ts.isCallExpression(e) && e.questionDotToken === undefined && ts.isIdentifier(e.expression) ? e.expression.text : null;
}

/** The functions called in tail position of `e` (through wrappers and both arms of `?:`). */
function tailCallees(e: ts.Expression): string[] {
  const inner = unwrap(e);
  if (inner !== e) return tailCallees(inner);
  if (ts.isConditionalExpression(e)) return [...tailCallees(e.whenTrue), ...tailCallees(e.whenFalse)];
  const c = calleeName(e);
  return c === null ? [] : [c];
}

/** Side-effect-free expressions: literals, names, and arrays, objects and operators over them. */
function pureExpression(e: ts.Node): boolean {
  if (ts.isCallExpression(e) || ts.isNewExpression(e) || ts.isTaggedTemplateExpression(e) || ts.isYieldExpression(e) || ts.isAwaitExpression(e)) return false;
  if (ts.isBinaryExpression(e) && isAssignment(e.operatorToken.kind)) return false;
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)) return false;
  if (ts.isPostfixUnaryExpression(e) || ts.isDeleteExpression(e) || ts.isFunctionLike(e) || ts.isClassLike(e)) return false;
  let ok = true;
  ts.forEachChild(e, (c) => {
    if (ok && !pureExpression(c)) ok = false;
  });
  return ok;
}

/** The name `node` declares, if it declares one (a variable, parameter, function, class, catch binding). */
function declaredName(node: ts.Node, add: (n: string) => void): void {
  if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && ts.isIdentifier(node.name)) add(node.name.text);
  else if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isEnumDeclaration(node)) && node.name)
    add(node.name.text);
  else if (ts.isImportEqualsDeclaration(node)) add(node.name.text);
}

function mentionsAll(node: ts.Node, add: (n: string) => void): void {
  if (ts.isIdentifier(node)) add(node.text);
  ts.forEachChild(node, (c) => mentionsAll(c, add));
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
    if (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind)) target(n.left);
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

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
