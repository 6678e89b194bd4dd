// The CLI's on-disk cache of compiled output: one file per (ts-otp build, esbuild version, file
// path, file content), so a second run of an unchanged file loads neither TypeScript nor esbuild.
//
// Where: $TS_OTP_CACHE_DIR if set; else node_modules/.cache/ts-otp of the project around the
// working directory (the convention of Babel, ESLint and others); else <os tmp>/ts-otp-cache.
// TS_OTP_CACHE=0 turns it off. Entries are never stale: any change to the inputs changes the key
// (in a source checkout the compiler's own sources count too). Delete the folder to reclaim space.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** What else the output depends on besides the file: ts-otp's build and esbuild's version. */
function fingerprint() {
  const own = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const parts = [`ts-otp@${own.version}`];
  try {
    let dir = path.dirname(require.resolve("esbuild"));
    while (!existsSync(path.join(dir, "package.json")) && dir !== path.dirname(dir)) dir = path.dirname(dir);
    parts.push(`esbuild@${JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version}`);
  } catch {
    parts.push("esbuild@?");
  }
  // A source checkout changes without a version bump: its compiler sources are part of the key.
  if (existsSync(path.join(ROOT, "transformer", "index.ts"))) {
    for (const dir of ["transformer", "integrations"]) {
      for (const name of readdirSync(path.join(ROOT, dir)).sort()) {
        const s = statSync(path.join(ROOT, dir, name));
        if (s.isFile()) parts.push(`${dir}/${name}:${s.size}:${s.mtimeMs}`);
      }
    }
  }
  return parts.join("\n");
}

function cacheDir() {
  if (process.env.TS_OTP_CACHE_DIR) return process.env.TS_OTP_CACHE_DIR;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) {
      const modules = path.join(dir, "node_modules");
      if (existsSync(modules)) return path.join(modules, ".cache", "ts-otp");
      break;
    }
    if (dir === path.dirname(dir)) break;
  }
  return path.join(tmpdir(), "ts-otp-cache");
}

/** A cache that never fails a run: an unwritable folder only means no caching. */
export function openCache() {
  const off = { key: () => "", get: () => undefined, set: () => {} };
  if (process.env.TS_OTP_CACHE === "0") return off;
  let dir = cacheDir();
  try {
    mkdirSync(dir, { recursive: true });
  } catch {
    dir = path.join(tmpdir(), "ts-otp-cache");
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      return off;
    }
  }
  const salt = fingerprint();
  return {
    /** @param {string} file @param {string} source */
    key: (file, source) => createHash("sha256").update(salt).update("\0").update(file).update("\0").update(source).digest("hex").slice(0, 40),
    /** @param {string} key @returns {string | undefined} */
    get(key) {
      try {
        return readFileSync(path.join(dir, `${key}.js`), "utf8");
      } catch {
        return undefined;
      }
    },
    /** @param {string} key @param {string} code */
    set(key, code) {
      // Written whole under a temporary name, then renamed: a parallel run never reads half a file.
      const tmp = path.join(dir, `${key}.${process.pid}.tmp`);
      try {
        writeFileSync(tmp, code);
        renameSync(tmp, path.join(dir, `${key}.js`));
      } catch {
        // no cache this time
      }
    },
  };
}
