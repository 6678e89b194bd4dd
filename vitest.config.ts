import { defineConfig } from "vitest/config";
// The Vite door: test files that use the receive DSL run compiled (see integrations/vite.ts).
import otpVite from "./integrations/vite.ts";

export default defineConfig({
  plugins: [otpVite()],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
