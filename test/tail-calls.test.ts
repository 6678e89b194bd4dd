// Tail calls: a process function that ends `return other(args)` continues in `other` with no
// stack or memory growth, so an Erlang server loop written as recursion runs in constant memory.

import { describe, expect, it } from "vitest";
import { spawn, send, self, receiveWith, join, type Pid, type Proc } from "../runtime/index.js";
import { heapAfterGc } from "./gc.js";

describe("tail calls", () => {
  it("a server loop of 1,000,000 messages written as recursion finishes with flat memory", async () => {
    const N = 1_000_000;
    const BATCH = 1000;
    const samples: number[] = [];

    // The server: `loop(N) -> receive {From, batch_done} -> From ! ack; Msg -> ok end, loop(N+1)`.
    function* loop(count: number): Proc {
      const m: any = yield* receiveWith(() => true);
      if (Array.isArray(m)) {
        if (count === 100_000 || count === N) samples.push(heapAfterGc());
        send(m[0] as Pid, "ack");
        if (count === N) return;
        return loop(count);
      }
      return loop(count + 1);
    }

    const server = spawn(loop, 0);
    const serverDown = join(server);
    const client = spawn(function* (): Proc {
      for (let sent = 0; sent < N; ) {
        for (let i = 0; i < BATCH; i++) send(server, ++sent);
        send(server, [self(), "batch_done"]);
        yield* receiveWith((m) => m === "ack");
      }
    });
    expect(await join(client)).toBe("normal");
    expect(await serverDown).toBe("normal");
    expect(samples).toHaveLength(2);
    // From 100k to 1M messages the heap may not grow by more than 2 MB (a leak of even 3 bytes per
    // message, or one frame per call, would show as 2.7 MB or more).
    expect(samples[1]! - samples[0]!).toBeLessThan(2 * 1024 * 1024);
  });

  it("deep tail recursion without any receive does not overflow the stack", async () => {
    function* count(n: number): Proc {
      if (n === 0) return;
      return count(n - 1);
    }
    expect(await join(spawn(count, 200_000))).toBe("normal");
  });
});
