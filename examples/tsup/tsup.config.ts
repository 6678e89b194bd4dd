// tsup bundles a DSL program through ts-otp's esbuild plugin: `cd examples/tsup && npx tsup`,
// then `node dist/main.mjs`. The plugin compiles each file that uses receive/match and hands
// every other file back to esbuild untouched.
import { defineConfig } from "tsup";
import otpEsbuild from "ts-otp/esbuild";

export default defineConfig({
  entry: { main: "main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  sourcemap: true,
  esbuildPlugins: [otpEsbuild()],
});
