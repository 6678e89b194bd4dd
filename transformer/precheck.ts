// The cheap pre-check every door runs before the compiler: a file whose text never says `receive`
// or `match` cannot use the DSL (an aliased or namespaced import still spells the name), and one
// without `function*` has no process function whose self tail calls become loops (tail-calls.ts),
// so it is passed through without loading a parser. Its own module, free of imports, so the CLI's module
// hooks can run it without loading TypeScript.

export function mightContainDsl(source: string): boolean {
  return /\b(?:receive|match)\b|\bfunction\s*\*/.test(source);
}
