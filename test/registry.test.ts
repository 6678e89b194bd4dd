// Registered names (Erlang: register/2, unregister/1, whereis/1, Name ! Msg).

import { describe, expect, it } from "vitest";
import { register, unregister, whereis, registered, send, spawn, exit, join, receiveWith, BadArg, type Proc } from "../runtime/index.js";
import { idle } from "./prelude.js";

describe("registry", () => {
  it("a registered process receives messages sent to its name", async () => {
    let got: unknown;
    const p = spawn(function* (): Proc {
      got = yield* receiveWith(() => true);
    });
    register("echo_reg", p);
    expect(whereis("echo_reg")).toBe(p);
    expect(registered()).toContain("echo_reg");
    expect(send("echo_reg", "hello")).toBe("hello");
    await join(p);
    expect(got).toBe("hello");
  });

  it("sending to an unregistered name throws badarg (Erlang: Name ! Msg with no such name)", () => {
    expect(() => send("nobody_here", 1)).toThrow(BadArg);
    expect(() => send("nobody_here", 1)).toThrow(/no process is registered under that name/);
  });

  it("register rejects a taken name, a dead pid and a second name for one process (badarg)", async () => {
    const a = spawn(idle);
    const b = spawn(idle);
    register("taken", a);
    expect(() => register("taken", b)).toThrow(/already registered to/);
    expect(() => register("second", a)).toThrow(/already registered as "taken"/);
    exit(b, "kill");
    expect(() => register("late", b)).toThrow(/not alive/);
    expect(() => unregister("never")).toThrow(BadArg);
    unregister("taken");
    expect(whereis("taken")).toBeUndefined();
    exit(a, "kill");
  });

  it("a name is freed when its process dies", async () => {
    const p = spawn(idle);
    register("short_lived", p);
    exit(p, "kill");
    await join(p);
    expect(whereis("short_lived")).toBeUndefined();
    expect(registered()).not.toContain("short_lived");
  });
});
