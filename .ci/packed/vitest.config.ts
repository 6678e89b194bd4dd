import { defineConfig } from "vitest/config";
import otpVite from "ts-otp/vite";

export default defineConfig({ plugins: [otpVite()], test: { include: ["*.spec.ts"] } });
