import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/postgres-global-setup.ts"],
    environment: "node",
    pool: "forks",
    // On PostgreSQL a test or a hook may build the run's demo template for its clock (tests/support/temp-database.ts), some seconds on a busy machine.
    testTimeout: process.env.TEST_ENGINE === "postgres" ? 60_000 : 20_000,
    hookTimeout: process.env.TEST_ENGINE === "postgres" ? 60_000 : 10_000,
  },
});
