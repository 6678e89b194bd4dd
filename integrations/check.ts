// `ts-otp check [-p tsconfig.json] [tsc options]`: type-checks a project that uses the receive DSL
// with the project's OWN `tsc` (TypeScript 5.9, 6, or 7's native compiler, which has no compiler
// API and loads no plugins), and prints tsc's diagnostics at the user's own files, lines, columns.
//
// Design: a mirror of the project folder, checked by an unmodified tsc.
//   - The mirror root C is the folder holding the tsconfig, every config it `extends` by relative
//     path, every folder its `include`/`files` name, and the project's package.json; the mirror is
//     C/node_modules/.cache/ts-otp/check/, the same tree: DSL files compiled there (the compile is
//     line-preserving, so every diagnostic keeps its line), every other file HARD-linked (a copy
//     where links fail), nested node_modules and dot-folders symlinked, C's own node_modules left
//     out. tsc is run on the mirror's copy of the tsconfig with --noEmit --pretty false.
//   - Why a whole mirror and not a tsconfig that points at a few compiled files: a relative import
//     resolves next to the importing file, so a plain file importing a DSL file would reach the
//     uncompiled original; only a tree where every relative path lands in the mirror is safe.
//   - Why hard links and not symlinks: tsc follows symlinks to their real path for configs it
//     `extends` and for modules found through `paths` or package names, and from the real path
//     every relative import leads back to the uncompiled originals. A hard link has no other path.
//   - Why inside C/node_modules: climbing from any mirror folder meets C/node_modules and then C's
//     ancestors, exactly the node_modules, @types and package.json lookups C itself makes, and a
//     cache there is ignored by git and by tsc's default `exclude`. Both TypeScript 5.9 and 7 check
//     .ts files under node_modules when the program includes them, as it does here.
//   - Reported paths are rewritten from the mirror back to C with plain text replacement, so
//     paths inside messages ("Imported via ... from file ...") are mapped too; a column on a line
//     the compile rewrote (a switch head, a case label, the runtime import) goes through the
//     compile's source map.
// Limits: files reached by a relative path from outside C are not mirrored (the import fails in
// the check); the mirror is rebuilt on every run, so two checks of one project must not overlap.

import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { decode, type SourceMapSegment } from "@jridgewell/sourcemap-codec";
import { parse as parseJsonc } from "jsonc-parser/lib/esm/main.js"; // the ESM build: its UMD main hides its requires from bundlers
import { compile, mightContainDsl, type DslDiagnostic } from "../transformer/index.js";

export const MIRROR = path.join("node_modules", ".cache", "ts-otp", "check");

export const CHECK_USAGE = `usage: ts-otp check [-p tsconfig.json] [tsc options...]

  Type-checks a project that uses ts-otp's receive DSL with the project's own TypeScript
  (tsc 5.9, 6 or 7): DSL files are compiled into a mirror of the project under
  ${MIRROR}, tsc checks the mirror (--noEmit), and errors are printed at your own files,
  lines and columns, with tsc's exit status. DSL errors print as file(line,col): error OTPxxxx.`;

export interface CheckResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** A mistake in how check was called or in the project's setup: one line, no stack. */
export class CheckError extends Error {
  override name = "CheckError";
}

const TS_SOURCE = /\.[cm]?tsx?$/;
const DECLARATION = /\.d(\.[^./]+)?\.[cm]?ts$/;
const UNSUPPORTED = new Set(["-b", "--build", "-w", "--watch", "--init", "--showConfig", "--listFilesOnly"]);

/** Runs a check and returns what to print and the exit status; throws CheckError for bad calls. */
export function check(args: string[], cwd: string = process.cwd()): CheckResult {
  const { project, tscArgs } = parseArgs(args);
  const config = findConfig(project, cwd);
  const root = mirrorRoot(config);
  const mirror = path.join(root, MIRROR);
  const tsc = findTsc(path.dirname(config));

  const { errors: dslErrors, maps } = buildMirror(root, mirror);
  // --listFiles: which files are in the program, so that DSL errors in files the tsconfig leaves
  // out (the mirror compiles every file of the folder) are not reported.
  const tscCommand = [tsc, "-p", path.join(mirror, path.relative(root, config)), "--noEmit", "--pretty", "false", "--listFiles", ...tscArgs];
  const run = spawnSync(process.execPath, tscCommand, {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 << 20,
  });
  if (run.error) throw new CheckError(`ts-otp check: could not run ${tsc}: ${run.error.message}`);

  const toUser = pathMapper(cwd, root, mirror);
  const { text, files } = splitFileList(toUser(run.stdout), tscArgs.includes("--listFiles"));
  const inProgram = dslErrors.filter((d) => files.has(d.file));
  const broken = new Set(inProgram.map((d) => d.file));
  const dslLines = inProgram.map((d) => `${slash(path.relative(cwd, d.file))}(${d.line},${d.column}): error ${d.code}: ${d.message}\n`);
  const stdout = dslLines.join("") + rewriteDiagnostics(text, cwd, broken, maps);
  const status = run.status ?? 1;
  return { status: status === 0 && inProgram.length > 0 ? 1 : status, stdout, stderr: toUser(run.stderr) };
}

/** Takes --listFiles' lines (absolute paths) out of tsc's output, unless the user asked for them. */
function splitFileList(output: string, keep: boolean): { text: string; files: Set<string> } {
  const files = new Set<string>();
  const text = output
    .split(/(?<=\n)/)
    .filter((line) => {
      const file = line.replace(/\r?\n$/, "");
      if (!path.isAbsolute(file) || /\(\d+,\d+\): (?:error|warning|message) /.test(file)) return true;
      files.add(path.normalize(file));
      return keep;
    })
    .join("");
  return { text, files };
}

function parseArgs(args: string[]): { project: string | undefined; tscArgs: string[] } {
  let project: string | undefined;
  const tscArgs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-p" || a === "--project") {
      project = args[++i];
      if (project === undefined) throw new CheckError(`ts-otp check: ${a} needs a path (a tsconfig.json or its folder)`);
    } else if (UNSUPPORTED.has(a)) {
      throw new CheckError(`ts-otp check: ${a} is not supported; check runs one type-check of a tsconfig project (-p tsconfig.json)`);
    } else {
      tscArgs.push(a);
    }
  }
  return { project, tscArgs };
}

/** -p's file or folder, or (as tsc does) the nearest tsconfig.json from the working folder up. */
function findConfig(project: string | undefined, cwd: string): string {
  if (project !== undefined) {
    const p = path.resolve(cwd, project);
    const file = existsSync(p) && statSync(p).isDirectory() ? path.join(p, "tsconfig.json") : p;
    if (!existsSync(file)) throw new CheckError(`ts-otp check: cannot find ${file}; pass -p with a tsconfig.json or a folder holding one`);
    return file;
  }
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "tsconfig.json");
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) break;
  }
  throw new CheckError(`ts-otp check: no tsconfig.json in ${cwd} or any folder above it; pass -p path/to/tsconfig.json`);
}

/** The folder the mirror copies: see the header. */
function mirrorRoot(config: string): string {
  const places: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    places.push(path.dirname(file));
    const json = parseJsonc(readFileSync(file, "utf8")) as { extends?: string | string[]; include?: unknown; files?: unknown } | undefined;
    if (json === undefined || typeof json !== "object") return; // tsc reports the broken config
    const dir = path.dirname(file);
    for (const entry of [json.include, json.files].flatMap((x) => (Array.isArray(x) ? x : []))) {
      if (typeof entry === "string") places.push(path.resolve(dir, literalPrefix(entry)));
    }
    for (const ext of typeof json.extends === "string" ? [json.extends] : Array.isArray(json.extends) ? json.extends : []) {
      // A package's config (`@tsconfig/node20/...`) lives in node_modules, reached from the mirror too.
      if (typeof ext !== "string" || !(ext.startsWith(".") || path.isAbsolute(ext))) continue;
      const target = path.resolve(dir, ext);
      visit(existsSync(target) || target.endsWith(".json") ? target : `${target}.json`);
    }
  };
  visit(config);
  for (let dir = path.dirname(config); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) {
      places.push(dir);
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  const root = places.filter((p) => !p.split(path.sep).includes("node_modules")).reduce(commonAncestor, path.dirname(config));
  if (path.dirname(root) === root)
    throw new CheckError(`ts-otp check: ${config} reaches files all over the disk (its extends/include/files have nothing in common below ${root}); check from a tsconfig whose files share a project folder`);
  return root;
}

/** "src/**\/*.ts" -> "src": the folders of an include pattern before its first wildcard. */
function literalPrefix(pattern: string): string {
  const parts = pattern.split(/[\\/]/);
  const i = parts.findIndex((p) => /[*?]/.test(p));
  return i < 0 ? pattern : parts.slice(0, i).join("/") || ".";
}

function commonAncestor(a: string, b: string): string {
  let x = a;
  while (!(b === x || b.startsWith(x.endsWith(path.sep) ? x : x + path.sep))) x = path.dirname(x);
  return x;
}

/** The project's own tsc (its package's `bin.tsc`, a Node script in 5.9, 6 and 7 alike). */
function findTsc(from: string): string {
  let pkgJson: string;
  try {
    pkgJson = createRequire(path.join(from, "noop.js")).resolve("typescript/package.json");
  } catch {
    throw new CheckError(`ts-otp check: no TypeScript installed for ${from}; install the one you want to check with (npm install -D typescript)`);
  }
  const bin = (JSON.parse(readFileSync(pkgJson, "utf8")) as { bin?: string | Record<string, string> }).bin;
  const tsc = typeof bin === "string" ? bin : bin?.tsc;
  if (tsc === undefined) throw new CheckError(`ts-otp check: ${pkgJson} names no tsc binary`);
  return path.resolve(path.dirname(pkgJson), tsc);
}

type Maps = Map<string, SourceMapSegment[][]>;

/** Rebuilds the mirror of `root` at `mirror`; returns the DSL errors and source maps of the DSL files. */
function buildMirror(root: string, mirror: string): { errors: DslDiagnostic[]; maps: Maps } {
  rmSync(mirror, { recursive: true, force: true });
  const errors: DslDiagnostic[] = [];
  const maps: Maps = new Map();
  const ownModules = path.join(root, "node_modules");
  const copy = (from: string, to: string): void => {
    const entries = readdirSync(from, { withFileTypes: true });
    mkdirSync(to, { recursive: true });
    for (const e of entries) {
      const src = path.join(from, e.name);
      const dst = path.join(to, e.name);
      if (src === ownModules || e.name === ".git") continue;
      if (e.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
      else if (e.isDirectory()) {
        if (e.name === "node_modules" || e.name.startsWith(".")) symlinkSync(src, dst, "dir");
        else copy(src, dst);
      } else if (e.isFile()) {
        const compiled = TS_SOURCE.test(e.name) && !DECLARATION.test(e.name) ? compileFile(src, errors, maps) : undefined;
        if (compiled !== undefined) writeFileSync(dst, compiled);
        else link(src, dst);
      }
    }
  };
  copy(root, mirror);
  return { errors, maps };
}

/** The compiled text of a DSL file, or undefined to mirror the file as it is. */
function compileFile(file: string, errors: DslDiagnostic[], maps: Maps): string | undefined {
  const source = readFileSync(file, "utf8");
  if (!mightContainDsl(source)) return undefined;
  const r = compile(file, source);
  if (r.diagnostics.length > 0) {
    errors.push(...r.diagnostics.map((d) => ({ ...d, file })));
    return undefined;
  }
  if (!r.changed) return undefined;
  if (r.map) maps.set(file, decode(r.map.mappings));
  return r.code;
}

function link(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to); // another file system, or one without hard links
  }
}

const slash = (p: string): string => p.split(path.sep).join("/");

/** Rewrites mirror paths in tsc's output (absolute, and relative to the working folder) to C's. */
function pathMapper(cwd: string, root: string, mirror: string): (text: string) => string {
  const pairs: [string, string][] = [
    [slash(mirror) + "/", slash(root) + "/"],
    [mirror + path.sep, root + path.sep],
  ];
  const rel = slash(path.relative(cwd, mirror));
  const relRoot = slash(path.relative(cwd, root));
  if (!path.isAbsolute(rel)) pairs.push([rel + "/", relRoot === "" ? "" : relRoot + "/"]);
  return (text) => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);
}

/**
 * Moves each diagnostic in a compiled file to its column in the user's file (through the compile's
 * source map), and drops tsc's diagnostics in files that had DSL errors: those are cascades of the
 * uncompiled DSL (`From` "cannot be found"), already explained by the DSL error.
 */
function rewriteDiagnostics(text: string, cwd: string, broken: Set<string>, maps: Maps): string {
  let dropping = false;
  return text
    .split(/(?<=\n)/)
    .flatMap((line) => {
      const m = /^(.+?)\((\d+),(\d+)\)(: (?:error|warning|message) .*)$/s.exec(line);
      if (m === null) return dropping && /^\s/.test(line) ? [] : ((dropping = false), [line]);
      const file = path.resolve(cwd, m[1]!);
      dropping = broken.has(file);
      if (dropping) return [];
      const map = maps.get(file);
      if (map === undefined) return [line];
      const [l, c] = originalPosition(map, Number(m[2]), Number(m[3]));
      return [`${m[1]}(${l},${c})${m[4]}`];
    })
    .join("");
}

/** 1-based (line, column) in the compiled text -> 1-based position in the source it came from. */
function originalPosition(map: SourceMapSegment[][], line: number, column: number): [number, number] {
  const segments = map[line - 1] ?? [];
  let best: SourceMapSegment | undefined;
  for (const seg of segments) if (seg[0] <= column - 1 && seg.length >= 4) best = seg;
  if (best === undefined || best.length < 4) return [line, column];
  // The map has a segment per character of untouched text, and one at the start of each rewritten
  // stretch: an error inside a rewritten case label points at the start of that label.
  return [best[2]! + 1, best[3]! + 1];
}

/** The CLI's `ts-otp check ...`: prints like tsc and returns the exit status. */
export function main(args: string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  try {
    const r = check(args);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.status;
  } catch (e) {
    if (!(e instanceof CheckError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
}
