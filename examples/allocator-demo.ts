// The allocator demo story, shared by the DSL allocator (allocator.ts) and the hand-written one
// (allocator-by-hand.ts): a client allocates r1 and crashes; `top` leaks r1, `top_recover` gets it back.

import { exit, join, monitor, receiveWith, self, spawn, type Call, type Pid, type Proc } from "../runtime/index.js";

export type Resource = string;
export type Allocated = [Resource, Pid][];

/** What both allocator modules export. */
export interface AllocatorApi {
  start(Free: Resource[]): Pid;
  start_recover(Free: Resource[]): Pid;
  alloc(Server: Pid): Call<["yes", Resource] | "no">;
  get_state(Server: Pid): Call<[Resource[], Allocated]>;
}

function show([free, allocated]: [Resource[], Allocated]): string {
  return `free=[${free.join(",")}] allocated=[${allocated.map(([r, p]) => `${r}:${p}`).join(",")}]`;
}

export function* demo(api: AllocatorApi, kind: "top" | "top_recover", print: (line: string) => void): Call<Resource[]> {
  const server = kind === "top" ? api.start(["r1", "r2", "r3"]) : api.start_recover(["r1", "r2", "r3"]);
  print(`${kind}: server ${server}, ${show(yield* api.get_state(server))}`);
  const client = spawn(function* (): Proc {
    const got = yield* api.alloc(server);
    print(`${kind}: client ${self()} allocated ${JSON.stringify(got)}, then crashes`);
    exit("client_crashed");
  });
  const ref = monitor(client);
  yield* receiveWith((m: any) => Array.isArray(m) && m[0] === "DOWN" && m[1] === ref);
  print(`${kind}: after the crash, ${show(yield* api.get_state(server))}`);
  const client2: Resource[] = [];
  for (let i = 0; i < 4; i++) {
    const r = yield* api.alloc(server);
    client2.push(r === "no" ? "no" : r[1]);
  }
  print(`${kind}: the next client allocates 4 times: ${client2.join(", ")}`);
  print(
    client2.includes("r1")
      ? `${kind}: r1 came back: the server trapped the client's exit and reclaimed it`
      : `${kind}: r1 is leaked: held by a dead client forever`,
  );
  exit(server, "kill");
  return client2;
}

/** Runs the story for both servers, printing with console.log. */
export async function runDemo(api: AllocatorApi): Promise<void> {
  for (const kind of ["top", "top_recover"] as const) {
    await join(spawn(demo, api, kind, (line: string) => console.log(line)));
  }
}
