// Node module hooks that run TypeScript files using the receive DSL, for `ts-otp run file.ts` and
// `node --import ts-otp/register file.ts` (registered with module.register, Node >= 20.6).
//
//   load:    a .ts/.mts/.tsx file -> compile() (the DSL, line-preserving) -> esbuild transform
//            (types stripped, ESM, the two source maps chained into one inline map)
//   resolve: a relative `./x.js` that does not exist -> `./x.ts` (NodeNext-style imports), and
//            likewise .mjs -> .mts, .jsx -> .tsx
//
// Plain JavaScript on purpose: hooks are loaded by Node itself, before any TypeScript support
// exists, and this file must work from a fresh clone with no build. The compiler core is
// TypeScript, so it is bundled in memory by esbuild on first use (./load-source.cjs).

import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const esbuild = require("esbuild");
/** @type {typeof import("../transformer/index.ts") | undefined} */
let core;
const getCore = () => (core ??= require("./load-source.cjs").loadSource("../transformer/index.ts", import.meta.url));

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
  let code = source;
  const { compile, mightContainDsl, formatDiagnostic, isError } = getCore();
  if (mightContainDsl(source)) {
    const r = compile(file, source);
    // warnings (an unreachable clause) are printed and the program runs
    for (const d of r.diagnostics) if (!isError(d)) process.stderr.write(`ts-otp: ${formatDiagnostic(d)}\n`);
    if (r.diagnostics.some(isError)) {
      const error = new Error(`ts-otp: ${file} does not compile:\n${r.diagnostics.filter(isError).map(formatDiagnostic).join("\n")}`);
      error.code = "ERR_TS_OTP_COMPILE";
      throw error;
    }
    if (r.changed && r.map) {
      // esbuild reads an input's inline map and chains it into the map it writes.
      const map = { ...r.map, sources: [file], sourcesContent: [source] };
      code = `${r.code}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
    }
  }
  const out = await esbuild.transform(code, {
    loader: file.endsWith("x") ? "tsx" : "ts",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    sourcefile: file,
    sourcesContent: false,
  });
  return { format: "module", source: out.code, shortCircuit: true };
}
