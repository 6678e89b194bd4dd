// `npm run build`: the runtime as the package's main entry ("." in package.json exports:
// dist/runtime/index.js + index.d.ts). The doors (ts-otp/transformer, /esbuild, /vite, the CLI)
// need no build: they load the TypeScript sources through integrations/load-source.cjs.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { "runtime/index": "runtime/index.ts" },
  format: ["esm"],
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  dts: true,
  sourcemap: true,
  clean: true,
});
