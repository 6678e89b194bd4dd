import { defineConfig } from "tsup";
import otpEsbuild from "ts-otp/esbuild";

export default defineConfig({
  entry: ["main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "out",
  esbuildPlugins: [otpEsbuild()],
});
