// The docs show real code: every ts-otp block of the side-by-side page stands verbatim in
// examples/allocator.ts (which the allocator tests run), so the page cannot drift from the example.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { join, spawn } from "../runtime/index.js";

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&");

describe("docs", () => {
  it("docs/otp.md shows examples/otp.ts as it is, and the example does what its comments say", async () => {
    const page = readFileSync(new URL("../docs/otp.md", import.meta.url), "utf8");
    const source = readFileSync(new URL("../examples/otp.ts", import.meta.url), "utf8");
    const block = page.match(/```ts\n([\s\S]*?)```/)![1]!;
    for (const part of block.split("\n\n")) expect(source).toContain(part);
    const { main } = await import("../examples/otp.js");
    let n: unknown;
    const reason = await join(spawn(function* () {
      n = yield* main();
    }));
    expect([reason, n]).toEqual(["normal", 42]);
  });

  it("docs/allocator-side-by-side.md shows examples/allocator.ts as it is", () => {
    const page = readFileSync(new URL("../docs/allocator-side-by-side.md", import.meta.url), "utf8");
    const source = readFileSync(new URL("../examples/allocator.ts", import.meta.url), "utf8");
    const blocks = [...page.matchAll(/<pre lang="ts">([\s\S]*?)<\/pre>/g)].map((m) => unescape(m[1]!));
    expect(blocks.length).toBe(7);
    for (const block of blocks) for (const part of block.split("\n\n")) expect(source).toContain(part);
  });
});
