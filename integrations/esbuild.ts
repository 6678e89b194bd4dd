// The esbuild door (and so tsup's): an onLoad plugin that compiles the DSL files of a build and
// leaves every other file to esbuild. A thin layer over compile(): the compiled TypeScript goes
// back to esbuild with its source map inline, so esbuild strips the types and chains the map to
// the user's own lines; DSL errors become esbuild errors at file:line:column, DSL warnings esbuild
// warnings (the build goes on).
//
//   // tsup.config.ts
//   import { defineConfig } from "tsup";
//   import otpEsbuild from "ts-otp/esbuild";
//   export default defineConfig({ entry: ["src/main.ts"], esbuildPlugins: [otpEsbuild()] });

import { readFile } from "node:fs/promises";
import type { Loader, PartialMessage, Plugin } from "esbuild";
import { compile, isError, mightContainDsl, type CompileOptions, type DslDiagnostic } from "../transformer/index.js";

export interface OtpEsbuildOptions extends CompileOptions {
  /** Which files to consider (default: .ts, .mts, .cts, .tsx). */
  filter?: RegExp;
}

/** A v3 source map as an inline `//# sourceMappingURL` comment. */
export function inlineSourceMap(map: object): string {
  return `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}

function sourceLine(source: string, line: number): string {
  return source.split(/\r?\n/)[line - 1] ?? "";
}

function toMessage(d: DslDiagnostic, source: string): PartialMessage {
  return {
    text: `${d.message} (${d.code})`,
    // esbuild's column is 0-based; the diagnostic's is 1-based.
    location: { file: d.file, line: d.line, column: d.column - 1, length: d.length, lineText: sourceLine(source, d.line) },
  };
}

export function otpEsbuild(options: OtpEsbuildOptions = {}): Plugin {
  const { filter = /\.(?:[cm]?ts|tsx)$/, ...compileOptions } = options;
  return {
    name: "ts-otp",
    setup(build) {
      build.onLoad({ filter }, async (args) => {
        if (args.namespace !== "file" || args.path.endsWith(".d.ts")) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!mightContainDsl(source)) return undefined; // esbuild loads it as usual
        const r = compile(args.path, source, compileOptions);
        const errors = r.diagnostics.filter(isError).map((d) => toMessage(d, source));
        const warnings = r.diagnostics.filter((d) => !isError(d)).map((d) => toMessage(d, source));
        if (errors.length > 0) return { errors, warnings, watchFiles: [args.path] };
        if (!r.changed) return warnings.length > 0 ? { warnings, watchFiles: [args.path] } : undefined;
        const loader: Loader = args.path.endsWith("x") ? "tsx" : "ts";
        return { contents: r.code + (r.map ? inlineSourceMap(r.map) : ""), loader, warnings, watchFiles: [args.path] };
      });
    },
  };
}

export default otpEsbuild;
