// `import ... from "ts-otp/transformer"`: compile(), mightContainDsl(), formatDiagnostic,
// DslCompileError, and the ts-patch door (default export, `transformProgram`, `before`).
// Built into dist/ in the package, compiled from source in a checkout (see ../load-source.cjs).
import { createRequire } from "node:module";

const m = createRequire(import.meta.url)("./transformer.cjs");
export const { compile, mightContainDsl, formatDiagnostic, DslCompileError, transformProgram, before, toTsDiagnostic, diagnosticCode } = m;
export default m.default;
