import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/postgres-global-setup.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    // On PostgreSQL a hook may build the run's demo template for its clock (tests/support/temp-database.ts), some seconds on a busy machine.
    hookTimeout: process.env.TEST_ENGINE === "postgres" ? 60_000 : 10_000,
  },
});
