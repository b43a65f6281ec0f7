import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { postgresDatabases } from "../support/engines.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { freePort } from "../support/postgres-server.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { repoRoot, startService } from "../support/start-service.ts";

/**
 * docker/docker-compose.yml without Docker (this machine has only the client): the same topology
 * run from the same files — a real PostgreSQL server (tests/support/postgres-server.ts), two service
 * processes started with the Dockerfile's CMD and the compose file's environment for its instances
 * (read from the file; only what names a container changes: the database host, the listen address and
 * port, the shared /data volume, and the Bot API root, a fake on 127.0.0.1), and Debian's nginx
 * running docker/nginx.conf with the upstream hosts mapped to those two processes' ports.
 *
 * nginx is Debian's `nginx` package (.ci/run installs it); without it this test is skipped and says
 * so, except under CI, where it fails.
 */
const nginxBin = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => spawnSync(p, ["-v"]).status === 0);
if (!nginxBin && !process.env.CI) console.log("tests/e2e/compose-topology.test.ts: skipped (no nginx; apt-get install nginx to run it)");

const compose = readFileSync(join(repoRoot, "docker/docker-compose.yml"), "utf8");
const nginxConf = readFileSync(join(repoRoot, "docker/nginx.conf"), "utf8");
const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");

const token = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
const secret = "s3cret-webhook-token-0123456789";
/** What docker/.env would hold (the compose file refuses to start without the first two). */
const dotEnv: Record<string, string> = {
  POSTGRES_PASSWORD: "compose-test-password",
  FILE_LINK_SECRET: "a-file-link-secret-of-32-characters",
  PUBLIC_URL: "https://chitieu.example.test",
  TELEGRAM_BOT_TOKEN: token,
  TELEGRAM_WEBHOOK_SECRET: secret,
  ADMIN_TOKEN: "compose-admin-token-0123456789",
};

describe.skipIf(skipPostgres || (!nginxBin && !process.env.CI))("docker-compose's topology without Docker: PostgreSQL, two instances, nginx in front", { timeout: 120_000 }, () => {
  const postgres = postgresDatabases();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("each instance starts on the compose environment; a webhook and /healthz through nginx reach them, alternating, and still do with one instance stopped", async () => {
    expect(nginxBin, "nginx (Debian's package) is needed: .ci/run installs it").toBeDefined();
    // The image's command, as the Dockerfile says it.
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(["node", "--import", "tsx", "src/main.ts"]);
    expect(dockerfile).toMatch(/HEALTHCHECK[^\n]*\/healthz/);

    const env = instanceEnvironment(compose, dotEnv);
    expect(Object.keys(env).sort()).toEqual(expect.arrayContaining(["DATABASE_URL", "DATA_DIR", "FILE_LINK_SECRET", "HOST", "NODE_ENV", "PORT", "PUBLIC_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"]));
    const composeDb = new URL(env.DATABASE_URL!);
    expect([composeDb.hostname, composeDb.port, composeDb.pathname, composeDb.username, composeDb.password]).toEqual(["postgres", "5432", "/chitieu", "chitieu", dotEnv.POSTGRES_PASSWORD]);
    expect([env.HOST, env.PORT, env.DATA_DIR, env.NODE_ENV]).toEqual(["0.0.0.0", "3000", "/data", "production"]);

    const telegram = await new FakeTelegram().start();
    cleanups.push(() => telegram.stop());
    const dataDir = mkdtempSync(join(tmpdir(), "chitieu-compose-data-")); // the shared chitieu-data volume
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const databaseUrl = await postgres.freshUrl(); // the `postgres` service: an empty database, migrated by the instances at start
    const instance = () => {
      const s = startService(cmd, dataDir, { ...env, DATABASE_URL: databaseUrl, HOST: "127.0.0.1", PORT: "0", DATA_DIR: dataDir, TELEGRAM_API_ROOT: telegram.apiRoot, LOG_LEVEL: "info" });
      cleanups.push(async () => {
        if (s.child.exitCode === null) s.child.kill("SIGKILL");
        await s.exited;
      });
      return s;
    };
    // Started together, as compose starts them: the migrations take turns under their advisory lock.
    const [one, two] = [instance(), instance()];
    const [a, b] = await Promise.all([one.ready, two.ready]);

    const proxyPort = await freePort();
    const nginx = await startNginx(nginxBin!, proxyConf(nginxConf, { "chitieu-1:3000": `127.0.0.1:${a.port}`, "chitieu-2:3000": `127.0.0.1:${b.port}` }, proxyPort), proxyPort);
    cleanups.push(() => nginx.stop());
    const proxy = `http://127.0.0.1:${proxyPort}`;

    // /healthz through the proxy, from each instance in turn (the instance's pid tells which).
    expect(await (await fetch(`${proxy}/proxy-health`)).text()).toBe("ok\n");
    const health = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy}/healthz`);
      expect(res.status).toBe(200);
      health.push((await res.json()) as { status: string; database: string });
    }
    for (const h of health) expect(h).toMatchObject({ status: "ok", database: "ok" });

    // Telegram's webhooks through the proxy: each answered (a stranger's /start gets the linking help), alternating between the instances.
    const post = (updateId: number, chatId: number) =>
      fetch(`${proxy}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "A" }, from: { id: chatId, is_bot: false, first_name: "A", language_code: "vi" }, text: "/start" } }),
      });
    for (let i = 0; i < 6; i++) expect((await post(1000 + i, 720_000 + i)).status).toBe(200);
    expect(new Set(telegram.callsOf("sendMessage").map((c) => String(c.payload.chat_id)))).toEqual(new Set(Array.from({ length: 6 }, (_, i) => String(720_000 + i))));
    const handledBy = (s: ReturnType<typeof instance>) => (s.output().match(/"url":"\/telegram\/webhook"/g) ?? []).length;
    expect(handledBy(one)).toBeGreaterThan(0);
    expect(handledBy(two)).toBeGreaterThan(0);
    // Without the secret the instance behind the proxy refuses it.
    expect((await fetch(`${proxy}/telegram/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).status).toBe(401);

    // One instance stopped (docker stop: SIGTERM to the CMD's process): the proxy sends everything to the other.
    one.child.kill("SIGTERM");
    expect((await one.exited).code).toBe(0);
    for (let i = 0; i < 4; i++) expect((await fetch(`${proxy}/healthz`)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await post(2000 + i, 730_000 + i)).status).toBe(200);
    expect(telegram.callsOf("sendMessage").filter((c) => String(c.payload.chat_id).startsWith("73"))).toHaveLength(4);
  });
});

/**
 * The environment of the compose file's instances (the x-chitieu anchor's `environment:` map), with
 * `${VAR}`, `${VAR:-default}` and `${VAR:?message}` filled from docker/.env as compose fills them.
 */
function instanceEnvironment(file: string, dotEnv: Record<string, string>): Record<string, string> {
  const block = /^x-chitieu: &chitieu\n([\s\S]*?)^\S/m.exec(file)?.[1] ?? "";
  const environment = /^ {2}environment:\n((?: {4}.*\n|\s*#.*\n)+)/m.exec(block)?.[1] ?? "";
  const env: Record<string, string> = {};
  for (const line of environment.split("\n")) {
    const m = /^ {4}([A-Z_]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2]!.replace(/^"(.*)"$/, "$1");
    env[m[1]!] = raw.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
      const value = dotEnv[name];
      if (value !== undefined && value !== "") return value;
      if (op === "?") throw new Error(`compose would refuse to start: ${arg}`);
      return op === "-" ? (arg ?? "") : "";
    });
  }
  return env;
}

/**
 * docker/nginx.conf as it runs here: upstream hosts mapped, listening on 127.0.0.1, its pid, temp
 * files and logs in a folder of its own (the container's /dev/stdout is a file here: a test runner's
 * pipes are sockets, which nginx cannot open by path).
 */
function proxyConf(conf: string, upstreams: Record<string, string>, port: number): string {
  expect(conf).toContain("access_log /dev/stdout;");
  let out = conf.replace("access_log /dev/stdout;", "access_log access.log;").replace("error_log /dev/stderr warn;", "error_log error.log warn;");
  for (const [from, to] of Object.entries(upstreams)) {
    expect(out).toContain(`server ${from} `);
    out = out.replace(`server ${from} `, `server ${to} `);
  }
  expect(out).toMatch(/^\s*listen 80;$/m);
  return `pid nginx.pid;\n${out.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`).replace(/^http \{$/m, "http {\n  client_body_temp_path body;\n  proxy_temp_path proxy;")}`;
}

async function startNginx(bin: string, conf: string, port: number): Promise<{ stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "chitieu-nginx-"));
  chmodSync(dir, 0o755); // nginx's workers (nobody, when the test runs as root) read and write under it
  writeFileSync(join(dir, "nginx.conf"), conf);
  const check = spawnSync(bin, ["-t", "-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr"], { encoding: "utf8" });
  expect(check.status, check.stderr).toBe(0);
  const child: ChildProcess = spawn(bin, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr!.on("data", (c: Buffer) => (errors += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Ready once it answers its own location (a real process: the one wait on wall time allowed).
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/proxy-health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
