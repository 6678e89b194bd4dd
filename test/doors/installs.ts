// Packages the door tests need in versions the repository does not depend on (TypeScript 7, or
// TypeScript 6 with ts-patch 4): npm-installed once per machine into a folder under the OS temp
// dir and reused by later runs, so only the first run pays for the download.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A folder whose node_modules holds `specs` (e.g. ["typescript@7"]), installed by npm on first use.
 * Throws with npm's output when the install fails: the tests that need it cannot run without it.
 */
export function installed(specs: string[]): string {
  const dir = path.join(tmpdir(), `ts-otp-npm-${specs.join("+").replace(/[^\w.@+-]/g, "_")}`);
  if (existsSync(path.join(dir, "node_modules"))) return dir;
  // Install beside, then rename into place: test files running at once never see half an install.
  const work = `${dir}.${process.pid}`;
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, "package.json"), '{ "private": true }\n');
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--no-audit", "--no-fund", "--no-package-lock", ...specs], { cwd: work, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`npm install ${specs.join(" ")} failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  try {
    renameSync(work, dir);
  } catch {
    rmSync(work, { recursive: true, force: true }); // another test file got there first
  }
  return dir;
}
