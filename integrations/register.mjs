// `node --import ts-otp/register file.ts`: registers the module hooks that compile the receive DSL
// and strip types (./node-hooks.mjs), and turns on source maps so stack traces show the user's
// lines. `ts-otp run file.ts` does the same.
import { register } from "node:module";

if (typeof register !== "function") {
  throw new Error(`ts-otp needs module.register (Node >= 20.6); this is Node ${process.versions.node}`);
}
register("./node-hooks.mjs", import.meta.url);
process.setSourceMapsEnabled(true);
