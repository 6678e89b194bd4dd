// A vitest file that uses the DSL, compiled by ts-otp/vite.
import { expect, it } from "vitest";
import { spawn, send, self, join, receive, type Pid, type Proc } from "ts-otp";

it("a compiled receive answers a ping", async () => {
  const got: number[] = [];
  function* echo(): Proc {
    switch (receive<[Pid, number]>()) {
      case [From, N]:
        send(From, N + 1);
    }
  }
  await join(
    spawn(function* (): Proc {
      send(spawn(echo), [self(), 41]);
      switch (receive<number>()) {
        case N:
          got.push(N);
      }
    }),
  );
  expect(got).toEqual([42]);
});
