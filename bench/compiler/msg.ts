// The message type both sides of the compiler benchmark match on.
import type { Pid } from "../../runtime/index.js";

export type Msg =
  | ["alloc", Pid]
  | ["release", Pid, [string, number]]
  | { type: "ping"; seq: number }
  | ["EXIT", Pid, unknown]
  | string;
