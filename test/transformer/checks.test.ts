// The checks for silent mistakes (transformer/checks.ts), beyond the fixtures in
// test/fixtures/errors/: correct programs get no diagnostic (the examples, and the legitimate
// neighbours of each mistake), and what each check can and cannot see without a type checker.

import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as runtime from "../../runtime/index.js";
import { RUNTIME_CALLABLES } from "../../transformer/checks.js";
import { compile, formatDiagnostic, type DslDiagnostic } from "../../transformer/index.js";

const RUNTIME = JSON.stringify("./runtime/index.js"); // as if t.ts sat at the repository's root

/** Compiles `body` after an import of the DSL and everything else a test needs from the runtime. */
function diagnose(body: string): string[] {
  const source = `import { receive, match, after, spawn, send, self, HOST, TIMEOUT, type Pid, type Proc, type Call } from ${RUNTIME};\n${body}`;
  const r = compile("t.ts", source);
  expect(r.changed || r.diagnostics.length > 0, "the DSL was recognised and compiled").toBe(true);
  return r.diagnostics.map((d: DslDiagnostic) => formatDiagnostic(d).replace(/^t\.ts:/, ""));
}

describe("correct programs get no diagnostic", () => {
  const root = new URL("../../", import.meta.url).pathname;
  const examples = readdirSync(`${root}examples`, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  it.each(examples)("examples/%s", (file) => {
    const r = compile(file, readFileSync(`${root}examples/${file}`, "utf8"));
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  });
});

describe("a pattern name that is a class or a function", () => {
  it("lists exactly the runtime's exports that are classes and functions (constants stay comparable)", () => {
    const actual = Object.fromEntries(
      Object.entries(runtime)
        .filter(([, v]) => typeof v === "function")
        .map(([k, v]) => [k, /^class\b/.test(Function.prototype.toString.call(v)) ? "class" : "function"]),
    );
    expect(RUNTIME_CALLABLES).toEqual(actual);
  });

  it("is no error for a constant, a bound variable, a type test or a type-only import", () => {
    expect(
      diagnose(`
const LIMIT = 3;
export function* p(Ref: Pid): Proc {
  switch (receive<unknown>()) {
    case [HOST, LIMIT, Ref]:
      return;
    case [X as Pid, TIMEOUT]:
      return;
  }
}`),
    ).toEqual([]);
  });

  it("cannot tell an import from another module without a checker: no error (the ts-patch door asks its checker)", () => {
    expect(diagnose(`import { Job } from "./jobs.js";\nexport function* p(): Proc {\n  switch (receive()) {\n    case [Job, X]:\n      return;\n  }\n}`)).toEqual([]);
  });

  it("follows scope: a local variable shadowing a class is a value to compare with", () => {
    expect(diagnose(`class Job {}\nexport function* p(): Proc {\n  const Job = 1;\n  switch (receive()) {\n    case [Job, X]:\n      return;\n  }\n}`)).toEqual([]);
  });
});

describe("a clause that matches no member of Msg", () => {
  const check = (msg: string, pattern: string) =>
    diagnose(`type Msg = ${msg};\nexport function* p(): Proc {\n  switch (receive<Msg>()) {\n    case ${pattern}:\n      return;\n  }\n}`);

  it.each([
    ["string members take any string", `"stop" | [Pid, string]`, `[From, "anything"]`],
    ["an optional tuple element may be absent", `[Pid, "get", number?]`, `[From, "get"]`],
    ["an array type takes any length", `[Pid, ...number[]]`, `[From, 1, 2, 3]`],
    ["an interface's keys", `Req | "stop"; interface Req { op: "add"; n: number }`, `{ op: "add", n: N }`],
    ["an index signature allows other keys", `{ [k: string]: number }`, `{ anything: N }`],
    ["a type imported from elsewhere is not known without a checker", `import("./msgs.js").Msg`, `[From, "balanse"]`],
    ["a generic member may be anything", `[Pid, "a"] | Array<unknown> | Set<number>`, `"b"`],
    ["a type test agrees with the member", `[Pid, number] | "stop"`, `[From, N as number]`],
    ["booleans are true | false", `[Pid, boolean]`, `[From, true]`],
  ])("no error: %s", (_why, msg, pattern) => {
    expect(check(msg, pattern)).toEqual([]);
  });

  it.each([
    ["a typo in a literal", `[Pid, "balance"] | "stop"`, `[From, "balanse"]`, "`[Pid, \"balance\"]`"],
    ["a wrong arity", `[Pid, "get", number]`, `[From, "get"]`, "`[Pid, \"get\", number]`"],
    ["a type test no member passes", `[Pid, "add", number]`, `[From, "add", N as string]`, "`[Pid, \"add\", number]`"],
    ["a key no member has", `{ op: "add"; n: number } | { op: "sub"; n: number }`, `{ op: "add", m: N }`, "`{ op: \"add\"; n: number }`"],
    ["several equally close members are all named", `[Pid, "ab"] | [Pid, "ba"] | "zzzzzzz"`, `[From, "aa"]`, "`[Pid, \"ab\"]`, `[Pid, \"ba\"]`"],
  ])("error: %s, naming the closest", (_why, msg, pattern, closest) => {
    const [d, ...rest] = check(msg, pattern);
    expect(rest).toEqual([]);
    expect(d).toMatch(/^5:10 - error OTP1102: this pattern matches no member of `Msg`/);
    expect(d).toContain(closest);
  });
});

describe("a generator function called without yield*", () => {
  it("is no error where the generator is run, returned, handed on or iterated", () => {
    expect(
      diagnose(`
function* ask(s: Pid): Call<string> {
  send(s, self());
  return "x";
}
function* server(n: number): Proc {
  const a = yield* ask(HOST);
  const g = ask(HOST);
  const b = yield* g;
  const h = ask(HOST);
  h.next();
  const held = ask(HOST);
  spawn(() => held);
  const [first] = ask(HOST);
  for (const step of ask(HOST)) void step;
  const all = [...ask(HOST)];
  spawn(server, n + 1);
  spawn(() => server(n + 1));
  keep(ask(HOST));
  void [a, b, first, all];
  if (n > 0) return server(n - 1);
  return ask(HOST);
}
function keep(g: Generator) { return g; }
export function* p(): Proc {
  switch (receive<string>()) {
    case X:
      return server(X.length);
  }
}`),
    ).toEqual([]);
  });

  it("is not confused by a local function of the same name", () => {
    expect(diagnose(`function* ask() { return 1; }\nexport function* p(): Proc {\n  const ask = (n: number) => n;\n  ask(1);\n  switch (receive()) {\n    case X:\n      return;\n  }\n}`)).toEqual([]);
  });
});

describe("an unreachable clause (a warning)", () => {
  const warnings = (clauses: string) => diagnose(`export function* p(): Proc {\n  switch (receive()) {\n${clauses}\n  }\n}`);

  it.each([
    ["an earlier clause with a guard", `    case [X, Y] && X === Y:\n      return;\n    case [A, B]:\n      return;`],
    ["a repeated name is a test, not a catch-all", `    case [X, X]:\n      return;\n    case [1, 2]:\n      return;`],
    ["a different literal", `    case ["a", N]:\n      return;\n    case ["b", N]:\n      return;`],
    ["a longer tuple after a fixed-length one", `    case [A, B]:\n      return;\n    case [A, B, C]:\n      return;`],
    ["the timeout after a catch-all", `    case Any:\n      return;\n    case after(100):\n      return;`],
  ])("no warning: %s", (_why, clauses) => {
    expect(warnings(clauses)).toEqual([]);
  });

  it.each([
    ["a catch-all before a clause", `    case Any:\n      return;\n    case "stop":\n      return;`, "6:10"],
    ["a wider tuple before a narrower", `    case [Pid, _]:\n      return;\n    case [Pid, "ping"]:\n      return;`, "6:10"],
    ["a rest before a longer list", `    case ["log", ...Rest]:\n      return;\n    case ["log", "a", "b"]:\n      return;`, "6:10"],
    ["an exact repeat", `    case { op: "add", n: N }:\n      return;\n    case { op: "add", n: M, by: _ }:\n      return;`, "6:10"],
    ["a type test before literals of its type", `    case [N as number]:\n      return;\n    case [0x10]:\n      return;`, "6:10"],
    ["a catch-all before default", `    case _:\n      return;\n    default:\n      return;`, "6:5"],
  ])("warning: %s", (_why, clauses, at) => {
    expect(warnings(clauses)).toEqual([`${at} - warning OTP1104: this clause cannot match because a previous clause at line 4 always matches: remove it, or move it before that clause`]);
  });

  it("still compiles: a warning is not an error", () => {
    const r = compile("t.ts", `import { receive, type Proc } from ${RUNTIME};\nexport function* p(): Proc {\n  switch (receive()) {\n    case X:\n      return;\n    case 1:\n      return;\n  }\n}`);
    expect(r.changed).toBe(true);
    expect(r.code).toContain("__otp_recv(");
    expect(r.diagnostics.map((d) => d.severity)).toEqual(["warning"]);
  });
});
