import { defineConfig } from "drizzle-kit";

/** PostgreSQL: the mirror schema and its own migrations (`npm run db:generate:pg`). SQLite's is drizzle.config.ts. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
