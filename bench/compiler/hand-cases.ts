// The same logic written by hand: ts-pattern's match, and the runtime's receiveWith with a
// hand-written matcher (what the compiled receive must stay within 1.2x of).
import { match, P } from "ts-pattern";
import { receiveWith, lastClause, Pid, type Proc } from "../../runtime/index.js";
import type { Msg } from "./msg.js";

export function classifyTsPattern(m: Msg): number {
  return match(m as unknown)
    .with(["alloc", P.instanceOf(Pid)], () => 1)
    .with(["release", P.instanceOf(Pid), [P.string, P.number.gt(0)]], () => 2)
    .with({ type: "ping", seq: P.number }, ({ seq }) => 3 + (seq & 1))
    .with(["EXIT", P.instanceOf(Pid), "normal"], () => 5)
    .with(["EXIT", P.instanceOf(Pid), P._], () => 6)
    .otherwise(() => 0);
}

function serverClauses(m: any): number {
  if (Array.isArray(m)) {
    if (m.length === 2 && m[0] === "alloc") return 0;
    if (m.length === 3 && m[0] === "release" && Array.isArray(m[2]) && m[2].length === 2) return 1;
    return -1;
  }
  return typeof m === "object" && m !== null && m.type === "ping" && "seq" in m ? 2 : -1;
}

export function* serverByHand(n: number, out: number[]): Proc {
  for (let i = 0; i < n; i++) {
    yield* receiveWith(serverClauses);
    out[lastClause()]!++;
  }
}
