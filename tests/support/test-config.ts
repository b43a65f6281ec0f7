import { loadConfig, type Config } from "../../src/config.ts";

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: "test", DATA_DIR: dir, LOG_LEVEL: "silent", ...env }, dir);
}
