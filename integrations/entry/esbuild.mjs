// `import otpEsbuild from "ts-otp/esbuild"`: the esbuild plugin (../esbuild.ts), built into
// dist/ in the package, compiled from source in a checkout (see ../load-source.cjs, loadOwn).
import { createRequire } from "node:module";

const m = createRequire(import.meta.url)("../load-source.cjs").loadOwn("integrations/esbuild");
export const { otpEsbuild, inlineSourceMap } = m;
export default m.default;
