// Shared by the door tests: the repository's paths, subprocesses, and throwaway folders.
//
// CAUTION: a project() folder holds node_modules/ts-otp, a symlink to this repository. Never give
// one to a tool that empties or globs its output folder (tsup's `clean` follows symlinks and
// deletes the repository's files): outputs go to scratch() folders, which hold no links.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = (pkg: string, file: string): string => path.join(REPO, "node_modules", pkg, file);

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` and waits for it (20 s at most). */
export function node(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, args, {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
    encoding: "utf8",
    timeout: 20_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const links: string[] = [];
const made: string[] = [];
afterAll(() => {
  for (const link of links) unlinkSync(link); // first the links into the repository, then the folders
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh empty folder under the OS temp dir, removed after the test file. */
export function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ts-otp-door-"));
  made.push(dir);
  return dir;
}

/**
 * A throwaway project: a scratch folder with `files` written into it (paths relative to it) and
 * node_modules/ts-otp linking to this repository, as an app that installed ts-otp sees it.
 */
export function project(files: Record<string, string> = {}): string {
  const dir = scratch();
  mkdirSync(path.join(dir, "node_modules"));
  const link = path.join(dir, "node_modules", "ts-otp");
  symlinkSync(REPO, link, "dir");
  links.push(link);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return i + 1;
}

/** A relative import specifier from `fromDir` to a file of this repository (always ./ or ../). */
export function relativeImport(fromDir: string, repoFile: string): string {
  const rel = path.relative(fromDir, path.join(REPO, repoFile)).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}
