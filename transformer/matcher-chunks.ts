// Splits a huge matcher into chunks: TypeScript gives up on a function body with thousands of
// branches (TS2563, "too large for control flow analysis"), so past CHUNK clauses the decision
// tree is cut, in clause order, into functions of at most CHUNK clauses each, tried in turn.
//
//   [source]  switch (match(v)) { case 0: ... case 2499: ... }
//   [output]  function __otp_matcher1($m: any): number { let r: number;
//               if ((r = __otp_matcher1_0($m)) !== -1) return r; ... return -1; }
//             function __otp_matcher1_0($m: any): number { if ($m === 0) { return 0; } ... return -1; }

/** Clauses per matcher function: far below where TypeScript's flow analysis gives up. */
export const CHUNK = 500;

/**
 * The matcher's body for `items` (the clauses, in order), ending in `return -1` unless a catch-all
 * ends it. Chunks are `hoisted` function declarations named after `name`, or inner arrows when
 * the matcher is a closure (it reads locals or runs guards).
 */
export function matcherChunks<T>(
  items: T[],
  $m: string,
  catchAll: boolean,
  tree: (part: T[]) => string,
  hoisted: { name: string; out: string[] } | null,
  fresh: (base: string) => string,
): string {
  const fallback = catchAll ? "" : " return -1;";
  if (items.length <= CHUNK) return `${tree(items)}${fallback}`;
  const r = fresh("__otp_r");
  const calls: string[] = [];
  const inner: string[] = [];
  for (let k = 0; k * CHUNK < items.length; k++) {
    const part = items.slice(k * CHUNK, (k + 1) * CHUNK);
    // a catch-all is always in the last chunk, which then always returns
    const body = `${tree(part)}${(k + 1) * CHUNK >= items.length ? fallback : " return -1;"}`;
    const fn = fresh(hoisted !== null ? `${hoisted.name}_${k}` : `__otp_chunk${k}`);
    if (hoisted !== null) hoisted.out.push(`function ${fn}(${$m}: any): number { ${body} }`);
    else inner.push(`const ${fn} = (${$m}: any): number => { ${body} };`);
    calls.push(`if ((${r} = ${fn}(${$m})) !== -1) return ${r};`);
  }
  return `${inner.join(" ")} let ${r}: number; ${calls.join(" ")} return -1;`;
}
