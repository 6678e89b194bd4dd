// The supervision tree, two levels:
//
//   top            one_for_one, at most 3 restarts in 10 s
//   ├── resources  one_for_one, at most 2 restarts in 5 s  (a supervisor)
//   │   └── allocator      the gen_server, registered as "allocator"
//   └── front      the HTTP listener (only when serving)
//
// Each level traps and corrects the failures of the level below: a client's crash is the
// allocator's business (it gets the resource back), the allocator's crash is `resources`'s (it
// restarts it), and when the allocator keeps crashing `resources` gives up and `top` restarts the
// whole resources subtree.

import { type Call, type Pid, spawnLink } from "../../runtime/index.js";
import * as supervisor from "../../otp/supervisor.js";
import * as allocator from "./allocator.js";
import { listener } from "./front.js";

export const RESOURCES = ["r1", "r2", "r3"];

export function resources(): Call<Pid> {
  return supervisor.startLink({ strategy: "one_for_one", intensity: 2, period: 5, name: "resources" }, [
    { id: "allocator", start: () => allocator.startLink(RESOURCES) },
  ]);
}

export function top(http?: { port: number; onListening: (port: number) => void }): Call<Pid> {
  const children: supervisor.ChildSpec[] = [{ id: "resources", start: resources, type: "supervisor" }];
  if (http !== undefined) children.push({ id: "front", start: () => spawnLink(listener, http.port, http.onListening) });
  return supervisor.startLink({ strategy: "one_for_one", intensity: 3, period: 10, name: "top" }, children);
}
