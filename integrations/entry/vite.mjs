// `import otpVite from "ts-otp/vite"`: the Vite plugin (../vite.ts), compiled from source on load
// (see ../load-source.cjs).
import { createRequire } from "node:module";

const m = createRequire(import.meta.url)("../load-source.cjs").loadSource("../vite.ts", import.meta.url);
export const { otpVite } = m;
export default m.default;
