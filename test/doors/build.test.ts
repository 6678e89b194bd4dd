// The package build's JavaScript step: tsup (the repository's own tsup.config.ts) compiles the DSL
// modules of ts-otp/supervisor and ts-otp/server through ts-otp's esbuild door, and every entry
// shares one runtime: a child spawned with the built "ts-otp" is supervised by the built
// "ts-otp/supervisor" (with two runtimes, the supervisor would never hear of its death).

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { bin, node, REPO, scratch } from "./helpers.js";

describe("the package build (tsup through the esbuild door)", () => {
  it("compiles otp/*.ts, and the built entries share one runtime", () => {
    const out = scratch();
    const r = node([bin("tsup", "dist/cli-default.js"), "--out-dir", out, "--no-dts"], { cwd: REPO });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const sup = readFileSync(path.join(out, "otp/supervisor.js"), "utf8");
    expect(sup).not.toMatch(/\breceive\(\)/); // the DSL is compiled, not left to throw DslNotCompiled
    const url = (f: string) => JSON.stringify(pathToFileURL(path.join(out, f)).href);
    const script = path.join(out, "smoke.mjs");
    writeFileSync(
      script,
      [
        `import { spawn, spawnLink, join, receiveWith, exit, monitor, send } from ${url("runtime/index.js")};`,
        `import * as supervisor from ${url("otp/supervisor.js")};`,
        `import * as server from ${url("otp/server.js")};`,
        `function* worker() { yield* receiveWith((m) => m === "crash"); exit("crash"); }`,
        `const sup = await supervisor.start({ strategy: "one_for_one" }, [{ id: "w", start: () => spawnLink(worker) }]);`,
        `const reason = await join(spawn(function* () {`,
        `  const [before] = yield* supervisor.whichChildren(sup);`,
        `  const ref = monitor(before.pid);`,
        `  send(before.pid, "crash");`,
        `  yield* receiveWith((m) => Array.isArray(m) && m[1] === ref);`,
        `  const [after] = yield* supervisor.whichChildren(sup);`,
        `  console.log(after.pid !== undefined && after.pid !== before.pid ? "restarted" : "not restarted");`,
        `  yield* server.stop(sup, "shutdown");`,
        `}));`,
        `console.log(reason);`,
      ].join("\n"),
    );
    const run = node([script], { env: { NODE_NO_WARNINGS: "1" } });
    expect(run.stdout).toBe("restarted\nnormal\n");
  });
});
