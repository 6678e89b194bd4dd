// A timeout is not starved by processes that keep running by tail calls or by receiving their own
// messages (Erlang fires a 50 ms `after` at 51 ms beside a looping process): the scheduler cuts a
// run and a slice by elapsed time, so a due timer is handed over within a few milliseconds. How
// late exactly is measured in bench/timer-lateness.ts; here only a generous ordering is asserted:
// the timeout fires long before a busy loop of 150,000 steps (each ~1 µs of work) finishes.

import { describe, expect, it } from "vitest";
import { spawn, send, self, recv, receiveWith, join, TIMEOUT, type Proc } from "../runtime/index.js";

const STEPS = 150_000;
let sink = 0;
function work(): void {
  let s = 0;
  for (let i = 0; i < 300; i++) s += i * i;
  sink += s;
}

type Done = () => void;

function* tailLoop(n: number, done: Done): Proc {
  work();
  if (n === 0) return done();
  return tailLoop(n - 1, done);
}
function* recvLoop(n: number, done: Done): Proc {
  const me = self();
  send(me, 0);
  for (let i = 0; i < n; i++) {
    yield recv(() => true);
    work();
    send(me, 0);
  }
  done();
}
function* receiveWithLoop(n: number, done: Done): Proc {
  const me = self();
  send(me, 0);
  for (let i = 0; i < n; i++) {
    yield* receiveWith(() => true);
    work();
    send(me, 0);
  }
  done();
}

describe("late timers (Erlang: a 50 ms after fires at 51 ms beside a looping process)", () => {
  for (const [how, loop] of [["tail calls", tailLoop], ["the compiled receive", recvLoop], ["receiveWith", receiveWithLoop]] as const) {
    it(`a 10 ms timeout fires before a long busy loop by ${how} finishes`, async () => {
      const order: string[] = [];
      const waiter = join(spawn(function* (): Proc {
        const r = yield recv(() => false, 10);
        order.push(r === TIMEOUT ? "timeout" : "message");
      }));
      const busy = join(spawn(loop, STEPS, () => void order.push("busy loop done")));
      expect(await busy).toBe("normal");
      expect(await waiter).toBe("normal");
      expect(order).toEqual(["timeout", "busy loop done"]);
      expect(sink).toBeGreaterThan(0);
    });
  }
});
