// The Vite door: this file uses the receive DSL and runs under vitest, so it only passes when
// vitest.config.ts's plugin compiled it (uncompiled, receive() throws DslNotCompiled).

import { describe, expect, it } from "vitest";
import { spawn, send, self, join, receive, after, type Pid, type Proc } from "../../runtime/index.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { otpVite } from "../../integrations/vite.js";
import { lineOf } from "./helpers.js";

type Msg = [Pid, "ping", number] | ["stop"];

function* echo(): Proc {
  switch (receive<Msg>()) {
    case [From, "ping", N]:
      send(From, ["pong", N + 1]);
      return echo();
    case ["stop"]:
      return;
  }
}

function* asker(server: Pid, out: unknown[]): Proc {
  send(server, [self(), "ping", 41]);
  switch (receive<["pong", number]>()) {
    case ["pong", N]:
      out.push(N);
      break;
    case after(1000):
      out.push("timeout");
  }
  send(server, ["stop"]);
}

describe("the Vite plugin", () => {
  it("compiles a test file's receive blocks, so they run under vitest", async () => {
    const out: unknown[] = [];
    const server = spawn(echo);
    expect(await join(spawn(asker, server, out))).toBe("normal");
    expect(out).toEqual([42]);
  });

  it("keeps the user's line numbers in stack traces", async () => {
    let stack = "";
    function* p(): Proc {
      send(self(), "go");
      switch (receive<"go">()) {
        case "go":
          stack = new Error("here").stack ?? "";
      }
    }
    await join(spawn(p));
    const line = lineOf(readFileSync(fileURLToPath(import.meta.url), "utf8"), 'stack = new Error("here")');
    expect(stack).toContain(`vite.test.ts:${line}:19`);
  });

  it("raises a DSL mistake with this.error at the construct's line and column", () => {
    const source = ['import { receive } from "../runtime/index.js";', "export function* p() {", "  switch (receive()) {", "    case [f(x)]:", "      return;", "  }", "}"].join("\n");
    let raised: { message: string; id: string; loc: { file: string; line: number; column: number } } | undefined;
    const context = {
      error(e: typeof raised): never {
        raised = e;
        throw new Error(e!.message);
      },
    };
    const transform = otpVite().transform as (this: typeof context, code: string, id: string) => unknown;
    expect(() => transform.call(context, source, "/project/src/p.ts?v=1")).toThrow(/OTP1010/);
    expect(raised).toMatchObject({ id: "/project/src/p.ts", loc: { file: "/project/src/p.ts", line: 4, column: "    case [".length } });
    expect(raised!.message).toMatch(/^\/project\/src\/p\.ts:4:11 - error OTP1010: /);
  });

  it("leaves files without the DSL alone", () => {
    const transform = otpVite().transform as (this: unknown, code: string, id: string) => unknown;
    expect(transform.call({}, "export const x: number = 1;", "/p/x.ts")).toBeNull();
    expect(transform.call({}, 'const s = "a".match(/a/);', "/p/y.ts")).toBeNull();
    expect(transform.call({}, "switch (receive()) {}", "/p/z.js")).toBeNull();
  });
});
