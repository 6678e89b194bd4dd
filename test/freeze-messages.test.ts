// Messages are shared, not copied: unlike Erlang, where a message is a copy, a ts-otp receiver gets
// the sender's own object. The opt-in development mode configure({ freezeMessages: true })
// deep-freezes each message at send, so a mutation after sending throws where it happens.

import { afterEach, describe, expect, it } from "vitest";
import { configure, spawn, send, self, join, receiveWith, exit, type Pid } from "../runtime/index.js";
import { withCrashLog } from "./prelude.js";

type Order = { items: string[]; meta: { by: Pid } };

function* receiver(): Generator<any, unknown, any> {
  const m = yield* receiveWith(() => true);
  yield* receiveWith((x) => x === "look");
  return m;
}

describe("messages are shared, not copied (a documented difference from Erlang)", () => {
  let restore: ReturnType<typeof configure> | undefined;
  afterEach(() => {
    if (restore !== undefined) configure(restore);
    restore = undefined;
  });

  it("by default the receiver sees a mutation the sender makes after sending", async () => {
    restore = configure({ freezeMessages: false });
    let seen: unknown;
    const r = spawn(function* () { seen = ((yield* receiver()) as Order).items.slice(); });
    const order: Order = { items: ["a"], meta: { by: r } };
    send(r, order);
    order.items.push("b"); // Erlang's receiver would still have ["a"]
    send(r, "look");
    expect(await join(r)).toBe("normal");
    expect(seen).toEqual(["a", "b"]);
  });

  it("with freezeMessages, the sender's mutation after sending throws a TypeError at the mutation, deep in the message", async () => {
    restore = configure({ freezeMessages: true });
    const r = spawn(receiver);
    const order: Order = { items: ["a"], meta: { by: r } };
    send(r, order);
    expect(() => order.items.push("b")).toThrow(TypeError);
    expect(() => { (order.meta as any).by = null; }).toThrow(TypeError);
    expect(() => { (order as any).extra = 1; }).toThrow(TypeError);
    exit(r, "kill");
  });

  it("with freezeMessages, a receiver mutating what it got fails at that line, and the pids inside still work", async () => {
    restore = configure({ freezeMessages: true });
    await withCrashLog(async (reports) => {
      const r = spawn(function* () {
        const m = (yield* receiveWith(() => true)) as Order;
        send(m.meta.by, "got it"); // a frozen message's pid is a working pid
        m.items[0] = "changed";
      });
      const done = join(r);
      let reply: unknown;
      const s = spawn(function* () {
        send(r, { items: ["a"], meta: { by: self() } });
        reply = yield* receiveWith(() => true);
      });
      expect(await join(s)).toBe("normal");
      expect(reply).toBe("got it");
      const reason = await done;
      expect(reason).toBeInstanceOf(TypeError);
      expect(String(reason)).toMatch(/read[- ]only|frozen|Cannot assign/);
      expect(reports).toHaveLength(1);
    });
  });

  it("freezing survives cycles and leaves primitives and typed arrays alone", () => {
    restore = configure({ freezeMessages: true });
    const a: any = { name: "a", bytes: new Uint8Array(2) };
    a.self = a;
    const r = spawn(receiver);
    send(r, a);
    send(r, 42);
    expect(Object.isFrozen(a)).toBe(true);
    a.bytes[0] = 7; // typed array elements cannot be frozen (documented)
    expect(a.bytes[0]).toBe(7);
    exit(r, "kill");
  });
});
