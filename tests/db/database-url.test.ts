import { createServer } from "node:net";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { redactDatabaseUrl } from "../../src/redact-database-url.ts";
import { startService } from "../support/start-service.ts";

describe("DATABASE_URL", () => {
  it("accepts postgres:// and postgresql:// URLs with a host (or a socket folder) and a database", () => {
    for (const url of ["postgres://chitieu:secret@db.internal:5432/chitieu", "postgresql://u@127.0.0.1/x", "postgres:///chitieu?host=/var/run/postgresql"]) {
      expect(loadConfig({ DATABASE_URL: url }, "/x").DATABASE_URL).toBe(url);
    }
    expect(loadConfig({}, "/x").DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "" }, "/x").DATABASE_URL).toBeUndefined();
  });

  it.each(["mysql://u:p@h/db", "postgres://u:p@h", "chitieu.db", "postgres://"])("refuses %s, naming the variable and hiding credentials", (url) => {
    expect(() => loadConfig({ DATABASE_URL: url }, "/x")).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: url }, "/x")).toThrow(/DATABASE_URL: expected a PostgreSQL URL/);
    if (url.includes(":p@")) expect(() => loadConfig({ DATABASE_URL: url }, "/x")).not.toThrow(/:p@/);
  });

  it("is shown with its password hidden", () => {
    expect(redactDatabaseUrl("postgres://chitieu:s3cr%40t@db:5432/chitieu")).toBe("postgres://chitieu:***@db:5432/chitieu");
    expect(redactDatabaseUrl("postgres://chitieu@db/chitieu?sslmode=require&sslpassword=x")).toBe("postgres://chitieu@db/chitieu?sslmode=require&sslpassword=***");
    expect(redactDatabaseUrl("postgres://u:p@@broken url")).toBe("[redacted: not a URL]");
  });
});

describe("a start with DATABASE_URL set", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-dburl-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("goes to PostgreSQL, not SQLite: a server that does not answer fails the start, its password never shown", async () => {
    const port = await closedPort();
    const url = `postgres://chitieu:khong-lo-ra@127.0.0.1:${port}/chitieu`;
    const service = startService(["node", "--import", "tsx", "src/main.ts"], dataDir, { DATABASE_URL: url, DEFAULT_LOCALE: "vi" });
    const { code } = await service.exited;
    expect(code).toBe(1);
    expect(service.output()).toContain(`PostgreSQL at postgres://chitieu:***@127.0.0.1:${port}/chitieu`);
    expect(service.output()).not.toContain("khong-lo-ra");
    expect(existsSync(join(dataDir, "chitieu.db"))).toBe(false);
  });
});

/** A port nothing listens on (handed out by the kernel, then closed again). */
function closedPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
