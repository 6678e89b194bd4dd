// Writes the inputs of bench/checks/cost.sh into the folder given as argv[2]: big.ts (a 1,000-line
// DSL file: the allocator's four receive/match functions over and over) and project/ (10 DSL
// files importing their Msg type and a constant from msgs.ts, and a tsconfig using the plugin).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const out = process.argv[2];
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const allocator = readFileSync(path.join(repo, "examples/allocator.ts"), "utf8");
const head = allocator.slice(0, allocator.indexOf("// ---- A Robust Server"));
const body = allocator.slice(allocator.indexOf("// ---- A Robust Server"), allocator.indexOf("// ---- Allocator Utilities"));
const utils = allocator.slice(allocator.indexOf("// ---- Allocator Utilities"));
let big = head.replace('"../runtime/index.js"', '"./runtime/index.js"');
let i = 0;
while (big.split("\n").length < 1000) {
  big += body.replace(/\b(top_recover_alloc|top_recover|top_alloc|top)\b/g, (m) => `${m}_${i}`);
  i++;
}
writeFileSync(path.join(out, "big.ts"), big + utils);

const project = path.join(out, "project");
mkdirSync(project, { recursive: true });
writeFileSync(path.join(project, "msgs.ts"), `import type { Pid } from "./node_modules/ts-otp/runtime/index.js";\nexport const STOP = "stop";\nexport type Msg = [Pid, "alloc"] | [Pid, ["release", number]] | [Pid, "get_state"] | typeof STOP;\n`);
for (let n = 0; n < 10; n++) {
  writeFileSync(
    path.join(project, `server${n}.ts`),
    `import { receive, send, type Proc } from "./node_modules/ts-otp/runtime/index.js";
import { STOP, type Msg } from "./msgs.js";
export function* server${n}(free: number[]): Proc {
  switch (receive<Msg>()) {
    case [Pid, "alloc"]:
      send(Pid, free[0]);
      return server${n}(free.slice(1));
    case [Pid, ["release", R]]:
      send(Pid, "ok");
      return server${n}([R, ...free]);
    case [Pid, "get_state"]:
      send(Pid, free);
      return server${n}(free);
    case STOP:
      return;
  }
}
`,
  );
}
writeFileSync(
  path.join(project, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: true, types: [], noEmit: true, plugins: [{ transform: "ts-otp/transformer", transformProgram: true }] },
    include: ["*.ts"],
  }),
);
writeFileSync(path.join(project, "package.json"), '{ "type": "module" }\n');
