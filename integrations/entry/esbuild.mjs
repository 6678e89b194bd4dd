// `import otpEsbuild from "ts-otp/esbuild"`: the esbuild plugin (../esbuild.ts), compiled from
// source on load (see ../load-source.cjs).
import { createRequire } from "node:module";

const m = createRequire(import.meta.url)("../load-source.cjs").loadSource("../esbuild.ts", import.meta.url);
export const { otpEsbuild } = m;
export default m.default;
