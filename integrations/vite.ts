// The Vite door (and so vitest's): a `pre` transform that compiles the DSL files Vite serves and
// returns the compiled TypeScript with its source map; Vite's own TypeScript transform then strips
// the types and chains the maps, so stack traces and coverage land on the user's lines. DSL errors
// are raised with this.error at file:line:column, DSL warnings reported with this.warn.
//
//   // vite.config.ts / vitest.config.ts
//   import otpVite from "ts-otp/vite";
//   export default defineConfig({ plugins: [otpVite()] });

import { compile, formatDiagnostic, isError, mightContainDsl, type CompileOptions, type SourceMapV3 } from "../transformer/index.js";

type RollupLog = { message: string; id?: string; loc?: { file?: string; line: number; column: number } };

/**
 * The part of Vite's (Rollup's) Plugin this door uses, spelled out so ts-otp needs no `vite` types:
 * the returned object is assignable to Vite's `Plugin`.
 */
export interface OtpVitePlugin {
  name: string;
  enforce: "pre";
  transform(
    this: { error(error: RollupLog): never; warn(warning: RollupLog): void },
    code: string,
    id: string,
  ): { code: string; map: SourceMapV3 | null } | null;
}

export interface OtpViteOptions extends CompileOptions {
  /** Which module ids to consider, query string removed (default: .ts, .mts, .cts, .tsx). */
  filter?: RegExp;
}

export function otpVite(options: OtpViteOptions = {}): OtpVitePlugin {
  const { filter = /\.(?:[cm]?ts|tsx)$/, ...compileOptions } = options;
  return {
    name: "ts-otp",
    enforce: "pre",
    transform(code, id) {
      const file = id.replace(/[?#].*$/, "");
      if (!filter.test(file) || file.endsWith(".d.ts") || file.includes("/node_modules/") || !mightContainDsl(code)) return null;
      const r = compile(file, code, compileOptions);
      // Rollup's loc: 1-based line, 0-based column.
      const loc = (d: { line: number; column: number }) => ({ file, line: d.line, column: d.column - 1 });
      const errors = r.diagnostics.filter(isError);
      if (errors.length > 0) this.error({ message: errors.map(formatDiagnostic).join("\n"), id: file, loc: loc(errors[0]!) });
      for (const w of r.diagnostics) this.warn({ message: formatDiagnostic(w), id: file, loc: loc(w) });
      if (!r.changed) return null;
      return { code: r.code, map: r.map };
    },
  };
}

export default otpVite;
