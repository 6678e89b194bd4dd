// `npm run build`: the runtime as the package's main entry ("." in package.json exports:
// dist/runtime/index.js), and ts-otp/supervisor and ts-otp/server (dist/otp/*.js), which are written
// in the receive DSL and so are compiled through ts-otp's own esbuild door; the entries share one
// runtime chunk (one scheduler). The declarations come from the build's second step,
// `tspc -p tsconfig.build.json` (the ts-patch door), as tsup's dts build cannot read the DSL. The doors
// (ts-otp/transformer, /esbuild, /vite, the CLI) need no build: they load the TypeScript sources
// through integrations/load-source.cjs.
import { defineConfig } from "tsup";
import otpEsbuild from "ts-otp/esbuild";

export default defineConfig({
  entry: { "runtime/index": "runtime/index.ts", "otp/supervisor": "otp/supervisor.ts", "otp/server": "otp/server.ts" },
  format: ["esm"],
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  dts: false, // see tsconfig.build.json
  sourcemap: true,
  clean: true,
  esbuildPlugins: [otpEsbuild()],
});
