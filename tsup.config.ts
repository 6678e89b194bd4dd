// `npm run build` (and `prepack`, so every `npm pack` / `npm publish` ships a fresh dist/): builds
// every public entry into dist/, at the path of its source (runtime/index.ts -> dist/runtime/index.js),
// each with an emitted .d.ts, which package.json's `exports` types point at.
//
// Two builds:
// - RUNTIME: ES modules with code splitting. Every module imported by two entries lands in one
//   shared chunk (dist/chunk-*.js), so the runtime is ONE instance (one scheduler, one registry)
//   whichever entries a program imports. ts-otp/supervisor and ts-otp/server are written in the
//   receive DSL, so this build compiles through ts-otp's own esbuild door, and their declarations
//   (with the runtime's) come from the build's second step, `tspc -p tsconfig.dts.json` (the
//   ts-patch door): tsup's declaration build cannot read the DSL.
// - TOOLS: the compiler core and its doors as CommonJS, because ts-patch `require()`s its plugin and
//   the CLI's module hooks load the core synchronously. The plain-JS shims in integrations/entry/
//   and integrations/node-hooks.mjs load these files in the package, and the TypeScript sources in a
//   checkout (integrations/load-source.cjs, loadOwn). They never import the runtime.
// The CLI (bin/ts-otp.js) and the register hook (integrations/*.mjs, *.cjs) are plain JavaScript,
// shipped as they are: Node loads them before any TypeScript support exists.
//
// Adding an entry:
// - a runtime-side module (e.g. a `ts-otp/pool` from otp/pool.ts): add
//   `"otp/pool": "otp/pool.ts"` to RUNTIME_ENTRIES below and, in package.json `exports`,
//   `"./pool": { "types": "./dist/otp/pool.d.ts", "default": "./dist/otp/pool.js" }`,
//   and its folder to tsconfig.dts.json's `include`.
//   Import the runtime through relative paths (../runtime/index.js): splitting keeps one copy.
// - a tool (compiler-side) module: add it to TOOL_ENTRIES and load it with loadOwn("<path>").
// Then check with `npm pack` and the packed-tarball step of .ci/run.
import { defineConfig } from "tsup";
import otpEsbuild from "ts-otp/esbuild";

const RUNTIME_ENTRIES = {
  "runtime/index": "runtime/index.ts",
  "otp/supervisor": "otp/supervisor.ts",
  "otp/server": "otp/server.ts",
};

const TOOL_ENTRIES = {
  "transformer/precheck": "transformer/precheck.ts",
  "transformer/index": "transformer/index.ts",
  "transformer/ts-patch": "transformer/ts-patch.ts",
  "integrations/esbuild": "integrations/esbuild.ts",
  "integrations/vite": "integrations/vite.ts",
  "integrations/language-service": "integrations/language-service.ts",
  "integrations/check": "integrations/check.ts",
};

const common = {
  outDir: "dist",
  target: "es2022",
  sourcemap: true,
  // The declaration build gets its own options: the repo's tsconfig also covers tests and examples.
  tsconfig: "tsconfig.build.json",
} as const;

export default defineConfig([
  {
    ...common,
    entry: RUNTIME_ENTRIES,
    format: ["esm"],
    platform: "neutral",
    splitting: true,
    dts: false, // tsconfig.dts.json
    clean: true,
    esbuildPlugins: [otpEsbuild()],
  },
  {
    ...common,
    entry: TOOL_ENTRIES,
    format: ["cjs"],
    platform: "node",
    // typescript and esbuild stay external (dependencies, installed beside ts-otp); magic-string
    // is ESM-only, and check.ts imports jsonc-parser's and sourcemap-codec's ES builds, so they are
    // bundled in: CommonJS cannot require an ES module before Node 20.19.
    noExternal: ["magic-string", "jsonc-parser", "@jridgewell/sourcemap-codec"],
    splitting: false,
  },
  {
    // The tools' declarations, as ES module types (dist/<path>.d.ts): users import the doors from
    // ESM (the shims in integrations/entry/ are ES modules with a real default export).
    ...common,
    entry: TOOL_ENTRIES,
    format: ["esm"],
    dts: { only: true },
  },
]);
