// Every public entry, type-checked by the user's plain tsc with the strictest library settings
// (tsconfig.types.json: skipLibCheck false, exactOptionalPropertyTypes): no error may come from
// inside node_modules/ts-otp. Also run (node --import ts-otp/register types.ts).
import { spawn, send, join, receiveWith, type Proc } from "ts-otp";
import otpEsbuild from "ts-otp/esbuild";
import otpVite from "ts-otp/vite";
import { compile, mightContainDsl, transformProgram } from "ts-otp/transformer";

function* counter(): Proc {
  const m = yield* receiveWith((m): m is number => typeof m === "number");
  console.log(`got ${m}`);
}
const pid = spawn(counter);
send(pid, 1);
await join(pid);
console.log(otpEsbuild().name, otpVite().name, mightContainDsl("receive"), compile("a.ts", "const a = 1;").changed, typeof transformProgram);
