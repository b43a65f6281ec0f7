/**
 * docker/docker-compose.yml in real Docker: `npx tsx docker/offline/smoke.ts` (root, a running dockerd,
 * the images the compose file names — pulled, or on a machine without Docker Hub built by
 * docker/offline/build-stand-ins.sh). It brings the deployment up under its own project name with a
 * throwaway docker/.env, then, through nginx on the published port:
 *   - /healthz answers from both instances (each container's log counts its requests);
 *   - Telegram webhooks (a stranger's /start) are answered through a fake Bot API on the Docker host
 *     (tests/support/fake-telegram.ts, forwarded from the bridge), and both instances take some;
 *   - a webhook without the secret is refused (401);
 *   - `docker kill -s KILL` of one instance: every request still succeeds through the other; the
 *     killed instance, started again, migrates nothing twice and is healthy;
 *   - the same update delivered twice is answered once (the database's update claims).
 * Then `down -v`. Prints each step; exits 1 on the first failure (the deployment is taken down anyway).
 * Not part of `npm test`: it needs root and a Docker engine.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect, type AddressInfo, type Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeTelegram } from "../../tests/support/fake-telegram.ts";

const dockerDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const project = "chitieu-smoke";
const proxyPort = 18_080;
const secret = "smoke-webhook-secret-0123456789";
const envFile = join(dockerDir, `.env.${project}`);

/** `docker compose` when the plugin is there, else Debian's docker-compose 1.x (which knows no top-level `name:`). */
function composeCommand(): { bin: string; args: string[] } {
  if (spawnSync("docker", ["compose", "version"]).status === 0) return { bin: "docker", args: ["compose", "-f", join(dockerDir, "docker-compose.yml")] };
  const v1 = join(dockerDir, `.compose-v1.${project}.yml`);
  writeFileSync(v1, readFileSync(join(dockerDir, "docker-compose.yml"), "utf8").replace(/^name: .*\n/m, ""));
  return { bin: "docker-compose", args: ["-f", v1] };
}

const compose = composeCommand();
const composeArgs = [...compose.args, "-f", join(dockerDir, "offline/smoke.override.yml"), "-p", project, "--env-file", envFile];
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => execFileSync(compose.bin, [...composeArgs, ...args], { env: { ...process.env, ...env }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const container = (service: string) => execFileSync(compose.bin, [...composeArgs, "ps", "-q", service], { encoding: "utf8" }).trim();
const logs = (service: string) => execFileSync("docker", ["logs", container(service)], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
const webhooksHandled = (service: string) => (logs(service).match(/"url":"\/telegram\/webhook"/g) ?? []).length;
const healthzHandled = (service: string) => (logs(service).match(/"url":"\/healthz"/g) ?? []).length;

function check(what: string, ok: boolean, detail = ""): void {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? ` (${detail})` : ""}`);
  if (!ok) throw new Error(`smoke failed: ${what}`);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The fake Bot API listens on 127.0.0.1; the containers reach it through this forwarder on every address. */
async function forward(toPort: number): Promise<Server> {
  const server = createServer((socket) => {
    const upstream = connect(toPort, "127.0.0.1");
    socket.pipe(upstream).pipe(socket);
    const close = () => { socket.destroy(); upstream.destroy(); };
    socket.on("error", close);
    upstream.on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  return server;
}

const telegram = await new FakeTelegram().start();
const forwarder = await forward(Number(new URL(telegram.apiRoot).port));
writeFileSync(envFile, [
  "POSTGRES_PASSWORD=smoke-password-0123",
  "FILE_LINK_SECRET=smoke-file-link-secret-0123456789",
  "PUBLIC_URL=https://chitieu.example.test",
  "TELEGRAM_BOT_TOKEN=123456789:SMOKE-token_abcdefghijklmnopqrstuvwxyz",
  `TELEGRAM_WEBHOOK_SECRET=${secret}`,
  `PROXY_PORT=${proxyPort}`,
  `SMOKE_TELEGRAM_PORT=${(forwarder.address() as AddressInfo).port}`,
  "",
].join("\n"));
const proxy = `http://127.0.0.1:${proxyPort}`;
let failed = false;
try {
  const t0 = Date.now();
  run(["up", "-d", "--build"]);
  console.log(`up: ${((Date.now() - t0) / 1000).toFixed(1)} s (${compose.bin === "docker" ? "docker compose" : "docker-compose 1.x"})`);
  await until("both instances healthy", async () => {
    const states = ["chitieu-1", "chitieu-2"].map((s) => execFileSync("docker", ["inspect", "-f", "{{.State.Health.Status}}", container(s)], { encoding: "utf8" }).trim());
    return states.every((s) => s === "healthy") ? states : undefined;
  });
  check("postgres, chitieu-1, chitieu-2 healthy (the Dockerfile's HEALTHCHECK, compose's pg_isready)", true);
  check("nginx answers", (await (await fetch(`${proxy}/proxy-health`)).text()) === "ok\n");

  const h1 = healthzHandled("chitieu-1"), h2 = healthzHandled("chitieu-2");
  for (let i = 0; i < 6; i++) {
    const res = await fetch(`${proxy}/healthz`);
    const body = (await res.json()) as { status: string; database: string; channels: { telegram: { state: string } } };
    check(`/healthz #${i + 1} through nginx`, res.status === 200 && body.database === "ok", `telegram ${body.channels.telegram.state}`);
  }
  check("both instances served /healthz", healthzHandled("chitieu-1") > h1 && healthzHandled("chitieu-2") > h2);

  const post = (updateId: number, chatId: number, withSecret = true) =>
    fetch(`${proxy}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(withSecret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      body: JSON.stringify({ update_id: updateId, message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "A" }, from: { id: chatId, is_bot: false, first_name: "A", language_code: "vi" }, text: "/start" } }),
    });
  for (let i = 0; i < 8; i++) check(`webhook ${1000 + i} through nginx`, (await post(1000 + i, 720_000 + i)).status === 200);
  const answered = () => new Set(telegram.callsOf("sendMessage").map((c) => String(c.payload.chat_id)));
  check("each of the 8 chats got its answer from the fake Bot API", [...Array(8).keys()].every((i) => answered().has(String(720_000 + i))), `${telegram.callsOf("sendMessage").length} sendMessage`);
  const w1 = webhooksHandled("chitieu-1"), w2 = webhooksHandled("chitieu-2");
  check("both instances took webhooks", w1 > 0 && w2 > 0, `chitieu-1 ${w1}, chitieu-2 ${w2}`);
  check("a webhook without the secret is refused", (await post(1999, 729_999, false)).status === 401);

  const before = telegram.callsOf("sendMessage").length;
  for (let i = 0; i < 4; i++) check(`the same update 1000 again (#${i + 1})`, (await post(1000, 720_000)).status === 200);
  check("a redelivered update is not answered again", telegram.callsOf("sendMessage").length === before, `${telegram.callsOf("sendMessage").length - before} more`);

  execFileSync("docker", ["kill", "-s", "KILL", container("chitieu-1")]);
  check("chitieu-1 killed (SIGKILL)", true);
  let ok = 0;
  for (let i = 0; i < 6; i++) if ((await fetch(`${proxy}/healthz`)).status === 200) ok += 1;
  for (let i = 0; i < 6; i++) if ((await post(3000 + i, 740_000 + i)).status === 200) ok += 1;
  check("with chitieu-1 dead, 12 of 12 requests succeed through chitieu-2", ok === 12, `${ok}`);
  await until("the 6 chats answered", async () => (telegram.callsOf("sendMessage").filter((c) => String(c.payload.chat_id).startsWith("74")).length === 6 ? true : undefined), 30_000);
  check("their 6 answers sent", true);

  execFileSync("docker", ["start", container("chitieu-1")]);
  await until("chitieu-1 healthy again", async () => (execFileSync("docker", ["inspect", "-f", "{{.State.Health.Status}}", container("chitieu-1")], { encoding: "utf8" }).trim() === "healthy" ? true : undefined));
  check("chitieu-1 started again and healthy", true);
  for (let i = 0; i < 6; i++) check(`webhook ${4000 + i} after the restart`, (await post(4000 + i, 750_000 + i)).status === 200);
  check("both instances take webhooks again", webhooksHandled("chitieu-1") > 0 && webhooksHandled("chitieu-2") > w2);
} catch (err) {
  failed = true;
  console.error(err instanceof Error ? err.message : err);
  for (const s of ["chitieu-1", "chitieu-2", "proxy"]) {
    try { console.error(`--- ${s} (last lines)\n${logs(s).split("\n").slice(-15).join("\n")}`); } catch { /* not created */ }
  }
} finally {
  try { run(["down", "-v", "--remove-orphans"]); } catch (err) { console.error("down failed", err); failed = true; }
  await telegram.stop();
  forwarder.close();
  rmSync(envFile, { force: true });
  const v1 = join(dockerDir, `.compose-v1.${project}.yml`);
  if (existsSync(v1)) rmSync(v1);
}
console.log(failed ? "smoke: FAILED" : "smoke: all checks passed");
process.exit(failed ? 1 : 0);
