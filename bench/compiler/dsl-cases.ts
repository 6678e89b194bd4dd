// The DSL side of the compiler benchmark: the same patterns as hand-cases.ts, compiled.
import { match, receive, type Proc } from "../../runtime/index.js";
import type { Msg } from "./msg.js";

/** Classifies a message: the pattern mix of an allocator-like server. */
export function classify(m: Msg): number {
  switch (match(m)) {
    case ["alloc", _From]:
      return 1;
    case ["release", _From, [_Res, N]] && N > 0:
      return 2;
    case { type: "ping", seq: S as number }:
      return 3 + (S & 1);
    case ["EXIT", _Pid, "normal"]:
      return 5;
    case ["EXIT", _Pid, _Reason]:
      return 6;
    default:
      return 0;
  }
}

/** A server loop receiving `n` messages through a compiled receive; tallies the clauses. */
export function* server(n: number, out: number[]): Proc {
  for (let i = 0; i < n; i++) {
    switch (receive<Msg>()) {
      case ["alloc", _From]:
        out[0]!++;
        break;
      case ["release", _From, [_Res, _N]]:
        out[1]!++;
        break;
      case { type: "ping", seq: _S }:
        out[2]!++;
        break;
    }
  }
}
