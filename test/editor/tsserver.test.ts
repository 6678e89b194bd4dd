// The editor: a real tsserver (TypeScript 5.9 and 6) with `ts-otp/language-service` enabled in a
// throwaway project's tsconfig, driven over its protocol as VS Code and typescript-language-server
// drive it. What an editor shows on a DSL file must be what tspc reports on it, at the user's own
// lines and columns, and navigation must treat a pattern binding as one variable across pattern,
// guard and body.

import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pluginProject, positionOf, REPO, TsServer, TSSERVERS, type Diagnostic, type Project } from "./tsserver.js";

const ACCOUNT = `import { receive, send, self, type Pid, type Proc } from "ts-otp";

type Msg = [from: Pid, kind: "deposit", amount: number] | [from: Pid, kind: "balance"] | ["stop"];

export function* account(total: number): Proc {
  switch (receive<Msg>()) {
    case [From, "deposit", Amount] && Amount > 0 && From !== self():
      send(From, ["ok", Amount.toFixed(2)]);
      return account(total + Amount);
    case [From, "balance"]:
      send(From, total);
      return account(total);
    case ["stop"]:
      return;
  }
}
`;

/** A value compared in a pattern: `Tag` is bound before the receive, so `[Tag, Value]` compares it. */
const CALL = `import { receive, send, self, makeRef, type Pid, type Proc, type Ref } from "ts-otp";

export function* call(server: Pid): Proc {
  const Tag = makeRef();
  send(server, [self(), Tag, "get"]);
  switch (receive<[Ref, number]>()) {
    case [Tag, Value] && Value > 0:
      send(server, [Tag, Value]);
      return;
  }
}
`;

/** Every file of the project, on disk before tsserver starts (so each belongs to the configured project). */
const FILES: Record<string, string> = {
  "account.ts": ACCOUNT,
  "planted-type.ts": ACCOUNT.replace("return account(total + Amount);", "return account(total + String(Amount));"),
  "planted-guard.ts": ACCOUNT.replace("Amount > 0 &&", "Amount > '0' &&"),
  "planted-dsl.ts": ACCOUNT.replace('case ["stop"]:', "case `stop`:"),
  "util.ts": "export function double(n: number): number {\n  return 2 * n;\n}\n",
  "quickfix.ts": ACCOUNT.replace("send(From, total)", "send(From, double(total))").replace("      return;\n  }", "      return exit(self(), 'normal');\n  }"),
  "edited.ts": ACCOUNT,
  "call.ts": CALL,
  "grows.ts": 'import { send, type Pid } from "ts-otp";\n\nexport function notify(to: Pid): void {\n  send(to, "hello");\n}\n',
  "typo-msg.ts": ACCOUNT.replace("receive<Msg>()", "receive<Mgs>()"),
  "wrong-yield.ts": ACCOUNT.replace("account(total: number): Proc {", "account(total: number): Generator<number, void, unknown> {"),
};

/** Both plugins in one tsconfig, as an app has them: the editor's and tspc's. */
const PLUGINS = [{ name: "ts-otp/language-service" }, { transform: "ts-otp/transformer", transformProgram: true }];

const TSPC = path.join(REPO, "node_modules/ts-patch/bin/tspc.js");

/** tspc's output on the project, run once: every project has the same FILES. */
let tspcOutput: string | undefined;

/** What tspc reports on `dir`: "line:col code" for each diagnostic in `file`. */
function tspcErrors(dir: string, file: string): string[] {
  if (tspcOutput === undefined) {
    const r = spawnSync(process.execPath, [TSPC, "-p", dir, "--pretty", "false"], { cwd: dir, encoding: "utf8", timeout: 90_000 });
    if (r.error) throw r.error;
    tspcOutput = r.stdout + r.stderr;
  }
  return [...tspcOutput.matchAll(new RegExp(`${file}\\((\\d+),(\\d+)\\): error TS(\\d+)`, "g"))].map((m) => `${m[1]}:${m[2]} ${m[3]}`);
}

const at = (d: Diagnostic) => `${d.start.line}:${d.start.offset} ${d.code}`;

describe.each(Object.entries(TSSERVERS))("the editor plugin in TypeScript %s's tsserver", (_version, tsserver) => {
  let project: Project;
  let server: TsServer;
  const open = (name: string): { file: string; text: string } => {
    const file = project.file(name);
    server.open(file);
    return { file, text: FILES[name]! };
  };

  beforeAll(() => {
    project = pluginProject(FILES, PLUGINS);
    server = new TsServer(tsserver, project.dir);
  });
  // A tsserver loading a project takes seconds, and tspc runs alongside on a shared machine.
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
  afterAll(async () => {
    await server.close();
    project.dispose();
  });

  it("without the plugin, the stock service reports every pattern binding as an unknown name (the control)", async () => {
    const bare = pluginProject({ "account.ts": ACCOUNT }, []);
    const stock = new TsServer(tsserver, bare.dir);
    try {
      stock.open(bare.file("account.ts"));
      const { semantic } = await stock.geterr(bare.file("account.ts"));
      expect(semantic.map((d) => d.text)).toContain("Cannot find name 'From'.");
    } finally {
      await stock.close();
      bare.dispose();
    }
  });

  it("shows no errors on a correct DSL file", async () => {
    const { file } = open("account.ts");
    const d = await server.geterr(file);
    expect([...d.syntax, ...d.semantic]).toEqual([]);
  });

  it("shows a binding's type narrowed from Msg on hover, in the pattern, the guard and the body", async () => {
    const { file } = open("account.ts");
    const hover = (needle: string, nth: number) => server.request("quickinfo", { file, ...positionOf(ACCOUNT, needle, nth) });
    for (const nth of [0, 1, 2, 3]) {
      const q = await hover("Amount", nth); // pattern, guard, toFixed in the body, total + Amount
      expect(q.displayString).toBe("const Amount: number");
      expect(q.start).toEqual(positionOf(ACCOUNT, "Amount", nth));
    }
    expect((await hover("From", 0)).displayString).toBe("const From: Pid"); // as written, not through the compiled code's imports
    expect((await hover("From", 3)).displayString).toBe("const From: Pid"); // the second clause's
  });

  it("reports a planted type error in a case body where tspc reports it", async () => {
    const { file, text } = open("planted-type.ts");
    const { semantic } = await server.geterr(file);
    // The call is a self tail call, compiled into a jump whose arguments are checked with
    // `satisfies`: TypeScript reports that at the end of the argument list, on the user's line.
    const want = positionOf(text, "total + String(Amount)");
    const end = positionOf(text, "total + String(Amount)", 0, "total + String(Amount)".length);
    expect(semantic.map(at)).toEqual([`${want.line}:${end.offset} 1360`, `${want.line}:${end.offset} 2322`]);
    expect(semantic[0]!.text).toContain("Type 'string' does not satisfy the expected type 'number'");
    // tspc reports the same errors on the same line, at the compiled column (it does not map inside
    // rewritten code, as the editor does).
    const lineAndCode = (x: string) => x.replace(/:\d+ /, " ");
    expect(semantic.map(at).map(lineAndCode)).toEqual(tspcErrors(project.dir, "planted-type.ts").map(lineAndCode));
  });

  it("reports a planted type error in a guard at the guard, not in the generated matcher", async () => {
    const { file, text } = open("planted-guard.ts");
    const { semantic } = await server.geterr(file);
    const want = positionOf(text, "Amount > '0'");
    expect(semantic.map((d) => `${d.start.line}:${d.start.offset}-${d.end.offset} ${d.code}`)).toEqual([
      `${want.line}:${want.offset}-${want.offset + "Amount > '0'".length} 2365`,
    ]);
  });

  it("reports an error in code a switch head was compiled into on the whole head, and an error in a copied type once", async () => {
    const yieldErr = open("wrong-yield.ts");
    const head = (t: string) => [positionOf(t, "switch"), positionOf(t, "switch (receive<Msg>()) {", 0, "switch (receive<Msg>()) {".length)];
    const onHead = (await server.geterr(yieldErr.file)).semantic.filter((d) => d.start.line === head(yieldErr.text)[0]!.line);
    expect(onHead.map((d) => [d.start, d.end, d.code])).toEqual([[...head(yieldErr.text), 2322]]);
    const typo = open("typo-msg.ts");
    const unknown = (await server.geterr(typo.file)).semantic.filter((d) => d.code === 2304);
    expect(unknown.map((d) => [d.start, d.text])).toEqual([[positionOf(typo.text, "Mgs"), "Cannot find name 'Mgs'."]]);
  });

  it("reports a planted DSL error at its own line and column, with tspc's code, and nothing else", async () => {
    const { file, text } = open("planted-dsl.ts");
    const { syntax, semantic } = await server.geterr(file);
    const want = positionOf(text, "`stop`");
    expect(syntax).toEqual([]);
    expect(semantic.map(at)).toEqual([`${want.line}:${want.offset} 9010`]);
    expect(semantic[0]!.text).toMatch(/template literal.*\(OTP1010\)/);
    expect(semantic.map(at)).toEqual(tspcErrors(project.dir, "planted-dsl.ts"));
  });

  it("goes to a binding's definition in its pattern from the body and from the guard", async () => {
    const { file } = open("account.ts");
    const pattern = positionOf(ACCOUNT, "From");
    for (const nth of [1, 2]) {
      const defs = await server.request("definition", { file, ...positionOf(ACCOUNT, "From", nth) });
      expect(defs.map((d: any) => ({ file: d.file, ...d.start }))).toEqual([{ file, ...pattern }]);
    }
  });

  it("renames a binding across its pattern, guard and body, and nothing else", async () => {
    const { file } = open("account.ts");
    const r = await server.request("rename", { file, ...positionOf(ACCOUNT, "Amount", 3), findInComments: false, findInStrings: false });
    expect(r.info.canRename).toBe(true);
    const spots = r.locs.flatMap((l: any) => l.locs.map((s: any) => ({ file: l.file, ...s.start }))).sort((a: any, b: any) => a.line - b.line || a.offset - b.offset);
    expect(spots).toEqual([0, 1, 2, 3].map((nth) => ({ file, ...positionOf(ACCOUNT, "Amount", nth) })));
  });

  it("finds a binding's references across pattern, guard and body; the other clause's From is another variable", async () => {
    const { file } = open("account.ts");
    const r = await server.request("references", { file, ...positionOf(ACCOUNT, "From", 0) });
    const lines = r.refs.map((x: any) => `${x.start.line}:${x.start.offset}`).sort();
    expect(lines).toEqual([0, 1, 2].map((nth) => positionOf(ACCOUNT, "From", nth)).map((p) => `${p.line}:${p.offset}`).sort());
  });

  it("renames a variable compared in a pattern everywhere, the pattern included, and hovers it there", async () => {
    const { file } = open("call.ts");
    expect((await server.geterr(file)).semantic).toEqual([]);
    const r = await server.request("rename", { file, ...positionOf(CALL, "Tag"), findInComments: false, findInStrings: false });
    const spots = r.locs.flatMap((l: any) => l.locs.map((s: any) => s.start)).sort((a: any, b: any) => a.line - b.line || a.offset - b.offset);
    expect(spots).toEqual([0, 1, 2, 3].map((nth) => positionOf(CALL, "Tag", nth)));
    const q = await server.request("quickinfo", { file, ...positionOf(CALL, "Tag", 2) });
    expect(q.displayString).toBe("const Tag: Ref");
  });

  it("completes members and names inside a case body and a guard", async () => {
    const { file } = open("account.ts");
    const members = await server.request("completionInfo", { file, ...positionOf(ACCOUNT, "toFixed") });
    expect(members.entries.map((e: any) => e.name)).toEqual(expect.arrayContaining(["toFixed", "toPrecision"]));
    const names = await server.request("completionInfo", { file, ...positionOf(ACCOUNT, "Amount > 0") });
    expect(names.entries.map((e: any) => e.name)).toEqual(expect.arrayContaining(["Amount", "From", "total", "self"]));
  });

  it("gives signature help for a call inside a case body", async () => {
    const { file } = open("account.ts");
    const help = await server.request("signatureHelp", { file, ...positionOf(ACCOUNT, "send(From, total)", 0, "send(".length) });
    expect(help.items.map((i: any) => i.prefixDisplayParts.map((p: any) => p.text).join(""))).toEqual(["send("]);
    expect(help.argumentIndex).toBe(0);
  });

  it("offers a quick fix inside a case body whose edit lands in the user's text", async () => {
    const { file, text } = open("quickfix.ts");
    const { semantic } = await server.geterr(file);
    const err = semantic.find((d) => d.text === "Cannot find name 'double'.");
    expect(err?.start).toEqual(positionOf(text, "double"));
    const fixes = await server.request("getCodeFixes", { file, startLine: err!.start.line, startOffset: err!.start.offset, endLine: err!.end.line, endOffset: err!.end.offset, errorCodes: [err!.code] });
    const fix = fixes.find((f: any) => f.fixName === "import");
    expect(fix.description).toBe('Add import from "./util.ts"');
    // A new import after the user's own (line 1), where the file as written has it.
    expect(fix.changes[0].textChanges).toEqual([{ start: { line: 2, offset: 1 }, end: { line: 2, offset: 1 }, newText: 'import { double } from "./util.ts";\n' }]);
  });

  it("never shows the compiled code's own names: not in completions, not in quick fixes", async () => {
    const { file, text } = open("quickfix.ts");
    const names = await server.request("completionInfo", { file, ...positionOf(text, "double") });
    expect(names.entries.map((e: any) => e.name)).toContain("total");
    expect(names.entries.map((e: any) => e.name).filter((n: string) => n.startsWith("__"))).toEqual([]);
    const { semantic } = await server.geterr(file);
    const err = semantic.find((d) => d.text === "Cannot find name 'exit'.")!;
    expect(err.start).toEqual(positionOf(text, "exit("));
    const fixes = await server.request("getCodeFixes", { file, startLine: err.start.line, startOffset: err.start.offset, endLine: err.end.line, endOffset: err.end.offset, errorCodes: [err.code] });
    expect(JSON.stringify(fixes)).not.toContain("__otp");
  });

  it("takes up a plain file that the user turns into a DSL file, and lets go of it again", async () => {
    const { file, text } = open("grows.ts");
    expect((await server.geterr(file)).semantic).toEqual([]);
    const end = positionOf(text, "}\n", 0, 2);
    const added = '\nexport function* echo(): Proc {\n  switch (receive<[Pid, string]>()) {\n    case [From, Text]:\n      send(From, Text.toUpperCase());\n  }\n}\n';
    server.change(file, end, end, added);
    server.change(file, { line: 1, offset: 10 }, { line: 1, offset: 10 }, "receive, type Proc, ");
    expect((await server.geterr(file)).semantic).toEqual([]);
    const q = await server.request("quickinfo", { file, line: end.line + 4, offset: "      send(From, ".length + 1 }); // `Text` in the body
    expect(q.displayString).toBe("const Text: string");
    // Take the DSL out again: the stock service's errors come back for what is left of it.
    server.change(file, { line: 1, offset: 10 }, { line: 1, offset: 10 + "receive, ".length }, "");
    const after = (await server.geterr(file)).semantic.map((d) => d.text);
    expect(after).toContain("Cannot find name 'receive'.");
    expect(after).toContain("Cannot find name 'From'.");
  });

  it("gives a DSL file its outline and folding, at the user's lines, without the compiled code's names", async () => {
    const { file } = open("account.ts");
    const tree = await server.request("navtree", { file });
    const names = (t: any): string[] => [t.text, ...(t.childItems ?? []).flatMap(names)];
    expect(names(tree).filter((n) => n.startsWith("__"))).toEqual([]);
    const fn = tree.childItems.find((c: any) => c.text === "account");
    expect(fn.spans[0].start).toEqual(positionOf(ACCOUNT, "export function*"));
    expect(fn.spans[0].end).toEqual(positionOf(ACCOUNT, "}\n", 1, 1));
    // Folds start where TypeScript starts them, before the `{`: the function body and the switch's.
    const folds = (await server.request("getOutliningSpans", { file })).map((f: any) => [f.textSpan.start, f.textSpan.end]);
    expect(folds).toContainEqual([positionOf(ACCOUNT, " {\n  switch"), positionOf(ACCOUNT, "}\n", 1, 1)]);
    expect(folds).toContainEqual([positionOf(ACCOUNT, " {\n    case"), positionOf(ACCOUNT, "}\n}", 0, 1)]);
  });

  it("updates diagnostics as the file is edited (change requests)", async () => {
    const { file } = open("edited.ts");
    expect((await server.geterr(file)).semantic).toEqual([]);
    // Type `.length` after `total` in the balance clause: number has no length.
    const where = positionOf(ACCOUNT, "send(From, total)", 0, "send(From, total".length);
    server.change(file, where, where, ".length");
    const { semantic } = await server.geterr(file);
    expect(semantic.map((d) => `${d.start.line}:${d.start.offset} ${d.code}`)).toEqual([`${where.line}:${where.offset + 1} 2339`]);
    // Undo it: clean again.
    server.change(file, where, { line: where.line, offset: where.offset + ".length".length }, "");
    expect((await server.geterr(file)).semantic).toEqual([]);
    // An edit that introduces a DSL mistake, then fixes it.
    const stop = positionOf(ACCOUNT, '["stop"]:');
    server.change(file, stop, { line: stop.line, offset: stop.offset + '["stop"]'.length }, "`stop`");
    expect((await server.geterr(file)).semantic.map(at)).toEqual([`${stop.line}:${stop.offset} 9010`]);
    server.change(file, stop, { line: stop.line, offset: stop.offset + "`stop`".length }, '["stop"]');
    expect((await server.geterr(file)).semantic).toEqual([]);
  });
});
