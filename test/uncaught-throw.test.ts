// An uncaught throw is an abnormal exit, whatever was thrown. Erlang exits a process whose
// `throw(V)` nobody caught with {nocatch, V} (checked with erl: `throw(normal)` and `throw(kill)`
// exit with {{nocatch, normal}, Stack} and {{nocatch, kill}, Stack}); ts-otp exits with
// ["nocatch", V] for any thrown value that is not an Error. Only exit(reason) picks a reason.

import { describe, expect, it } from "vitest";
import { spawn, spawnLink, exit, join, trapExit, receiveWith, monitor, type Proc } from "../runtime/index.js";
import { withCrashLog } from "./prelude.js";

describe("uncaught throws (Erlang's {nocatch, V})", () => {
  it('an uncaught throw "normal" is the abnormal reason ["nocatch", "normal"], and is reported', async () => {
    await withCrashLog(async (reports) => {
      const reason = await join(spawn(function* () { throw "normal"; }));
      expect(reason).toEqual(["nocatch", "normal"]);
      expect(reports.map((r) => r.reason)).toEqual([["nocatch", "normal"]]);
    });
  });

  it('a linked process dies of a peer\'s uncaught throw "normal" (it is not a normal exit)', async () => {
    await withCrashLog(async () => {
      const peer = spawn(function* (): Proc {
        spawnLink(function* () { throw "normal"; });
        yield* receiveWith(() => false);
      });
      expect(await join(peer)).toEqual(["nocatch", "normal"]);
    });
  });

  it('an uncaught throw "kill" is trappable: a trapping peer gets ["EXIT", pid, ["nocatch", "kill"]]', async () => {
    await withCrashLog(async () => {
      let got: unknown;
      const peer = spawn(function* (): Proc {
        trapExit(true);
        const child = spawnLink(function* () { throw "kill"; });
        got = yield* receiveWith((m: any) => m[0] === "EXIT" && m[1] === child);
      });
      expect(await join(peer)).toBe("normal");
      expect((got as unknown[])[2]).toEqual(["nocatch", "kill"]);
    });
  });

  it("a monitor sees the nocatch reason of any non-Error throw (numbers, objects, undefined)", async () => {
    await withCrashLog(async () => {
      for (const v of [42, { code: 1 }, undefined, null]) {
        let down: any;
        const w = spawn(function* () {
          const m = monitor(spawn(function* () { throw v; }));
          down = yield* receiveWith((x: any) => x[0] === "DOWN" && x[1] === m);
        });
        await join(w);
        expect(down[4]).toEqual(["nocatch", v]);
      }
    });
  });

  it("a thrown Error stays the reason, and exit(reason) still sets the reason it names", async () => {
    await withCrashLog(async (reports) => {
      const err = new Error("boom");
      expect(await join(spawn(function* () { throw err; }))).toBe(err);
      expect(await join(spawn(function* () { exit("normal"); }))).toBe("normal");
      expect(await join(spawn(function* () { exit("kill"); }))).toBe("kill");
      expect(reports.map((r) => r.reason)).toEqual([err]); // deliberate exits are not reported
    });
  });
});
