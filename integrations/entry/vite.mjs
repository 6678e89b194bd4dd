// `import otpVite from "ts-otp/vite"`: the Vite plugin (../vite.ts), built into dist/ in the
// package, compiled from source in a checkout (see ../load-source.cjs, loadOwn).
import { createRequire } from "node:module";

const m = createRequire(import.meta.url)("../load-source.cjs").loadOwn("integrations/vite");
export const { otpVite } = m;
export default m.default;
