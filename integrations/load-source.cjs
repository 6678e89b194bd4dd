// Loads one of ts-otp's own TypeScript modules (a door, and through it the compiler core) from
// plain JavaScript. loadOwn("transformer/index") picks what exists: in a source checkout (the .ts
// file is there) esbuild bundles it into CommonJS in memory, so a fresh clone works after
// `npm install` with no build and never runs a stale dist/; in the package (no sources, only the
// built dist/, see tsup.config.ts) it requires dist/transformer/index.cjs.
//
// Why CommonJS: ts-patch `require()`s its transformer synchronously (ESM plugins need the `esm`
// package), and Node's module hooks thread must load the core synchronously too. Only packages
// that are big or must stay one instance (typescript, esbuild, vite) stay external; ESM-only
// dependencies (magic-string) are bundled in, so this works on every Node 20, with or without
// require(esm).
"use strict";

const Module = require("node:module");
const path = require("node:path");
const { fileURLToPath } = require("node:url");

const EXTERNAL = ["typescript", "esbuild", "vite", "rollup", "rolldown"];
const cache = new Map();

/**
 * `loadSource("../esbuild.ts", import.meta.url)` -> that module's exports.
 * @param {string} specifier a path relative to `base` (or absolute)
 * @param {string} [base] a file URL or path the specifier is relative to (default: this file)
 */
function loadSource(specifier, base) {
  const from = base === undefined ? __filename : base.startsWith("file:") ? fileURLToPath(base) : base;
  const entry = path.resolve(path.dirname(from), specifier);
  const hit = cache.get(entry);
  if (hit !== undefined) return hit.exports;

  const esbuild = require("esbuild");
  const out = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: EXTERNAL,
    sourcemap: "inline",
    sourcesContent: false,
    logLevel: "silent",
    // import.meta.url has no CommonJS meaning; give the bundled code the entry's own URL.
    define: { "import.meta.url": "__otp_entry_url" },
    banner: { js: `const __otp_entry_url = require("node:url").pathToFileURL(__filename).href;` },
  });
  const mod = new Module(entry, module);
  mod.filename = entry;
  mod.paths = Module._nodeModulePaths(path.dirname(entry));
  cache.set(entry, mod);
  try {
    mod._compile(out.outputFiles[0].text, entry);
  } catch (e) {
    cache.delete(entry);
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

const ROOT = path.resolve(__dirname, "..");
const fs = require("node:fs");

/**
 * One of ts-otp's tool modules by its path from the package root without extension, e.g.
 * "transformer/index": the TypeScript source in a checkout, else the built dist/<path>.cjs.
 * @param {string} name
 */
function loadOwn(name) {
  const source = path.join(ROOT, `${name}.ts`);
  if (fs.existsSync(source)) return loadSource(source);
  return require(path.join(ROOT, "dist", `${name}.cjs`));
}

/** Whether this is a source checkout (compiled in memory) rather than the built package. */
function isSourceCheckout() {
  return fs.existsSync(path.join(ROOT, "transformer", "index.ts"));
}

module.exports = { loadSource, loadOwn, isSourceCheckout, ROOT };
