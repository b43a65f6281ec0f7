import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("runs on safe defaults with an empty environment", () => {
    const config = loadConfig({}, "/srv/chitieu");
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATA_DIR).toBe("/srv/chitieu/data");
    expect(config.databaseFile).toBe("/srv/chitieu/data/chitieu.db");
    expect(config.LOAD_DEMO).toBe(true);
    expect(config.ADMIN_TOKEN).toBeUndefined();
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_FILE: "" }, "/x").PORT).toBe(3000);
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["LOG_LEVEL", "loud"],
    ["LOAD_DEMO", "maybe"],
    ["NODE_ENV", "staging"],
    ["INVITE_CODE_TTL_DAYS", "0"],
  ])("refuses %s=%s with a message naming the variable", (name, value) => {
    expect(() => loadConfig({ [name]: value }, "/x")).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value }, "/x")).toThrow(new RegExp(`${name}:`));
  });

  it("honours DATABASE_FILE over DATA_DIR", () => {
    expect(loadConfig({ DATA_DIR: "/var/lib/chitieu", DATABASE_FILE: "/tmp/other.db" }, "/x").databaseFile).toBe("/tmp/other.db");
  });
});
