// The catalogue of the compiler's errors: one code and one text per mistake, each naming the
// construct and the fix (as TypeScript's diagnosticMessages.json does). Deep code throws a
// TransformerError at a node; compile.ts is the one boundary that turns it into a diagnostic.
// The checks (checks.ts) return TransformerErrors instead of throwing them, so one pass reports
// every mistake; an entry with `severity: "warning"` does not stop compilation.

import type ts from "typescript";

export const Messages = {
  ReceiveNotSwitchSubject: {
    code: "OTP1001",
    text: "receive() is only valid as the subject of a switch: write `switch (receive<Msg>()) { case PATTERN: ... }`",
  },
  ReceiveOutsideGenerator: {
    code: "OTP1002",
    text: "`switch (receive())` must be directly inside a function* (a process function), not inside {0}: make the enclosing function a generator, or move the receive into one",
  },
  ReceiveArguments: {
    code: "OTP1003",
    text: "receive() takes no arguments: a timeout is a clause, `case after(ms):`; the message type is a type argument, `receive<Msg>()`",
  },
  MatchArguments: {
    code: "OTP1004",
    text: "match() takes exactly one argument, the value to match: `switch (match(value)) { ... }`",
  },
  NotAPattern: {
    code: "OTP1010",
    text: "{0} is not a pattern: {1}",
  },
  TypeTestUnsupported: {
    code: "OTP1011",
    text: "`{0}` is not a type test a pattern can make: use `X as number`, `string`, `boolean`, `bigint`, `symbol`, `object`, `Function`, or a class name (`X as SomeClass`); test anything else in a guard",
  },
  RestNotLast: {
    code: "OTP1012",
    text: "a rest element must be last in an array pattern and must be a name or `_`: `[H, ...T]`",
  },
  AlternativesBindDifferently: {
    code: "OTP1013",
    text: "alternative patterns (`case A: case B:`) must bind the same names: this one binds {0}, the first binds {1}",
  },
  AfterMisplaced: {
    code: "OTP1020",
    text: "`case after(ms):` must be the last clause of a receive, and there can be only one",
  },
  AfterInMatch: {
    code: "OTP1021",
    text: "`case after(ms):` is a receive timeout and has no meaning in a match: remove it, or use `default:` for the catch-all",
  },
  AfterArguments: {
    code: "OTP1022",
    text: "after() takes one argument, the timeout in milliseconds: `case after(5000):` (0 polls, Infinity never fires)",
  },
  DefaultNotLast: {
    code: "OTP1023",
    text: "`default:` matches everything, so no case after it can ever match: make it the last clause (before `case after(ms):`)",
  },
  DanglingCase: {
    code: "OTP1024",
    text: "this case has no body: an empty case is an alternative of the next one, and there is none; give it a body",
  },
  DuplicateBindingInObject: {
    code: "OTP1025",
    text: "the key `{0}` appears twice in this object pattern: match it once",
  },
  SyntaxError: {
    code: "OTP1030",
    text: "syntax error: {0}. The receive compiler needs a file that parses: fix this first",
  },
  InternalError: {
    code: "OTP1031",
    text: "internal error in the receive compiler ({0}) while compiling this construct: please report it with this file; rewriting the construct may work around it",
  },
  NestedTooDeep: {
    code: "OTP1032",
    text: "this pattern is nested {0} levels deep, more than the {1} the compiler accepts (TypeScript checks deeper binding types slowly, and overflows past a few hundred): match the outer levels, bind the inner value, and match it in a `switch (match(V))` in the body",
  },
  FileTooDeep: {
    code: "OTP1033",
    text: "brackets nest more than 1,000 deep here, past what TypeScript's parser can take (its stack overflows): split the expression into named parts",
  },
  NotBindable: {
    code: "OTP1034",
    text: "`{0}` cannot be a pattern variable: strict-mode code cannot bind that name (modules are strict). Rename it, e.g. `{0}1`",
  },
  SuspendInGuard: {
    code: "OTP1035",
    text: "`{0}` in a guard: a guard runs inside the matcher, a plain function called for each message, where the process cannot suspend. Compute the value before the switch (`const V = {0} ...;`) and test `V` in the guard",
  },
  BoundRestNotArray: {
    code: "OTP1036",
    text: "a rest element must be a name or `_`, not {0}: `[H, ...T]` (a bound `T` compares the tail element by element)",
  },
  UnsafeBinding: {
    code: "OTP1037",
    text: "variable '{0}' unsafe in '{1}': it is bound in some clauses and used after the switch, but {2}. As in Erlang, a name is bound after a receive/match only when every clause that reaches the code after it binds it: bind '{0}' in every such clause, or rename the later use",
  },
  AlternativeWithDefault: {
    code: "OTP1038",
    text: "`default:` binds nothing, so the case before it cannot share its body while binding {0}: give that case its own body, or bind nothing in it (`_` or `_Name`)",
  },
  // ---- checks beyond the syntax of one pattern (transformer/checks.ts) ----
  PatternNameIsClassOrFunction: {
    code: "OTP1101",
    text: "`{0}` in this pattern is {1}, so the pattern compares the message with it and never matches: {2}",
  },
  ClauseMatchesNoMember: {
    code: "OTP1102",
    text: "this pattern matches no member of `{0}`, so the message it is meant for would wait in the mailbox forever: the closest {1}; correct the pattern, or add the message to `{0}`",
  },
  CallWithoutYieldStar: {
    code: "OTP1103",
    text: "`{0}(...)` {1}, which does nothing until it is run with `yield*` ({2}): write `yield* {0}(...)`{3}",
  },
  UnreachableClause: {
    code: "OTP1104",
    severity: "warning",
    text: "this clause cannot match because a previous clause at line {0} always matches: remove it, or move it before that clause",
  },
} as const satisfies Record<string, { code: string; text: string; severity?: "warning" }>;

export type MessageId = keyof typeof Messages;

/** Thrown by deep compiler code; caught at one boundary and reported at `node`'s position. */
export class TransformerError extends Error {
  override name = "TransformerError";
  readonly code: string;
  /** "warning" for the few mistakes that do not stop compilation (see DslDiagnostic.severity). */
  readonly severity: "error" | "warning";
  constructor(
    readonly node: ts.Node,
    id: MessageId,
    ...args: string[]
  ) {
    super(Messages[id].text.replace(/\{(\d)\}/g, (hole, i: string) => args[Number(i)] ?? hole));
    this.code = Messages[id].code;
    const entry: { code: string; severity?: "warning" } = Messages[id];
    this.severity = entry.severity ?? "error";
  }
}
