// Node module hooks that run TypeScript files using the receive DSL, for `ts-otp run file.ts` and
// `node --import ts-otp/register file.ts` (registered with module.register, Node >= 20.6).
//
//   load:    a .ts/.mts/.tsx file -> the on-disk cache (./compile-cache.mjs), else: the cheap DSL
//            pre-check, compile() only if it may use the DSL (line-preserving), then esbuild
//            (types stripped, ESM, the two source maps chained into one inline map) -> cached
//   resolve: a relative `./x.js` that does not exist -> `./x.ts` (NodeNext-style imports), and
//            likewise .mjs -> .mts, .jsx -> .tsx
//
// Plain JavaScript on purpose: hooks are loaded by Node itself, before any TypeScript support
// exists. Nothing heavy loads up front: a cache hit reads one file; a file without the DSL loads
// esbuild but never TypeScript; only a file that may use the DSL loads the compiler core (built in
// dist/ in the package, compiled in memory in a source checkout: ./load-source.cjs, loadOwn).

import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { openCache } from "./compile-cache.mjs";

const require = createRequire(import.meta.url);
const own = require("./load-source.cjs");
/** @type {typeof import("../transformer/precheck.ts") | undefined} */
let precheck;
/** @type {typeof import("../transformer/index.ts") | undefined} */
let core;
/** @type {typeof import("esbuild") | undefined} */
let esbuild;
const cache = openCache();

const TS_FILE = /\.(?:m?ts|tsx)$/;
const JS_TO_TS = [
  [/\.js$/, ".ts"],
  [/\.js$/, ".tsx"],
  [/\.mjs$/, ".mts"],
  [/\.jsx$/, ".tsx"],
];

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/") || specifier.startsWith("file:");
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !relative) throw error;
    for (const [js, ts] of JS_TO_TS) {
      if (!js.test(specifier)) continue;
      try {
        return await nextResolve(specifier.replace(js, ts), context);
      } catch {
        // try the next extension
      }
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:")) return nextLoad(url, context);
  const file = fileURLToPath(url);
  if (!TS_FILE.test(file) || file.endsWith(".d.ts")) return nextLoad(url, context);
  const source = await readFile(file, "utf8");
  const key = cache.key(file, source);
  const hit = cache.get(key);
  if (hit !== undefined) return { format: "module", source: hit, shortCircuit: true };
  const out = await toJavaScript(file, source);
  cache.set(key, out);
  return { format: "module", source: out, shortCircuit: true };
}

/** A TypeScript file as the JavaScript Node runs: DSL compiled, types stripped, one inline map. */
async function toJavaScript(file, source) {
  let code = source;
  precheck ??= own.loadOwn("transformer/precheck");
  if (precheck.mightContainDsl(source)) {
    core ??= own.loadOwn("transformer/index");
    const r = core.compile(file, source);
    // warnings (an unreachable clause) are printed and the program runs; a cached compile has none to repeat
    for (const d of r.diagnostics) if (!core.isError(d)) process.stderr.write(`ts-otp: ${core.formatDiagnostic(d)}\n`);
    if (r.diagnostics.some(core.isError)) {
      const error = new Error(`ts-otp: ${file} does not compile:\n${r.diagnostics.filter(core.isError).map(core.formatDiagnostic).join("\n")}`);
      error.code = "ERR_TS_OTP_COMPILE";
      throw error;
    }
    if (r.changed && r.map) {
      // esbuild reads an input's inline map and chains it into the map it writes.
      const map = { ...r.map, sources: [file], sourcesContent: [source] };
      code = `${r.code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
    }
  }
  esbuild ??= require("esbuild");
  const out = await esbuild.transform(code, {
    loader: file.endsWith("x") ? "tsx" : "ts",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    sourcefile: file,
    sourcesContent: false,
  });
  return out.code;
}
