import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/postgres-global-setup.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
  },
});
