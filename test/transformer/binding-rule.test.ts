// Erlang's binding rule across a receive, side by side with the real `erl` when it is installed:
// a name bound in every clause of a receive is bound after it, so the next receive compares it.
// Same mailbox, same two receives: both take {b,1}, then find {b,2} still queued.

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runProbe } from "../fixtures/harness.js";
import { probe } from "../fixtures/patterns/bound-in-every-clause-is-bound-after/output.js";

const hasErl = spawnSync("erl", ["-noshell", "-eval", "init:stop()."], { stdio: "ignore" }).status === 0;
const mailbox: ["a" | "b", number][] = [["a", 1], ["b", 2], ["b", 1]];

describe("Erlang's binding rule across a receive", () => {
  it("a name bound in every clause is bound after the receive: the next pattern naming it compares (ts-otp)", async () => {
    const { reports } = await runProbe(probe, mailbox);
    expect(reports).toEqual([["b", 1], ["left", ["b", 2]]]);
  });

  it.skipIf(!hasErl)("erl takes the same messages in the same order", async () => {
    const erlMailbox = mailbox.map(([t, n]) => `{${t},${n}}`).join(",");
    const program =
      `Self = self(), [Self ! M || M <- [${erlMailbox}]], ` +
      `receive {a,X} -> ok end, receive {b,X} -> io:format("~p~n", [{b,X}]) end, ` +
      `receive Left -> io:format("~p~n", [Left]) end, init:stop().`;
    const r = spawnSync("erl", ["-noshell", "-eval", program], { encoding: "utf8", timeout: 20_000 });
    expect(r.stdout.trim().split("\n")).toEqual(["{b,1}", "{b,2}"]);
    const { reports } = await runProbe(probe, mailbox);
    const asErlang = (reports as [string, unknown][]).map(([tag, v]) => (tag === "left" ? v : [tag, v])).map((t) => `{${(t as [string, number]).join(",")}}`);
    expect(asErlang).toEqual(r.stdout.trim().split("\n"));
  });
});
