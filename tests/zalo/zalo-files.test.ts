import { readdirSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboxSenders } from "../../bots/create-outbox-senders.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { createLogger } from "../../src/logger.ts";
import { chatFileDelivery } from "../../src/services/chat-files.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { zaloUser } from "../support/zalo-user.ts";
import { createZcaTransport } from "../../bots/zalo/zca/create-zca-transport.ts";
import { createCredentialsStore } from "../../bots/zalo/zca/credentials-store.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { outboxFilesDir } from "../../src/services/file-links.ts";
import { FakeZca, savedCredentials, zcaUser } from "../support/fake-zca.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { testConfig } from "../support/test-config.ts";

/**
 * Files over the official Zalo bot, which sends photos by URL only and no files at all: the
 * workbook goes as a signed, short-lived download link served by Fastify, the chart as sendPhoto
 * with a signed link to the PNG. Real webhook, real chat host and SQLite, outbox dispatcher with
 * the Zalo sender over HTTP to a fake Zalo Bot API, and the links fetched over HTTP.
 */
// Each plan's province workbook is built from the database: on PostgreSQL on a busy 2-core machine that
// took 90 s of wall time once (33 s on a quieter run), hence the room.
describe("files over the official Zalo bot", { timeout: 180_000 }, () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start() {
    app = await startTestApp({ demo: true, zalo: true, now: "2026-12-03T02:00:00Z" });
    const t = app;
    const ha = zaloUser("7a1b2c3d4e5f60718293", "Lê Thu Hà");
    await t.postZaloUpdate(ha.text("DP-KHCN"));
    const senders = createOutboxSenders(t.config, {
      zalo: { transport: t.zalo!.transport, translator: t.translator, clock: t.clock },
      files: chatFileDelivery({ config: t.config, db: t.db, translator: t.translator, clock: t.clock }),
    });
    const dispatcher = createDispatcher({ db: t.db, senders, clock: t.clock, logger: createLogger("silent"), sleep: async (ms) => t.clock.advance(ms) });
    return { t, ha, dispatcher, fake: t.zalo!.fake };
  }

  /** A link as the chat shows it, on this test's port instead of PUBLIC_URL. */
  const local = (t: TestApp, url: string) => url.replace("https://chitieu.example.test", t.base);

  it("'/xuat 2026-11' sends each plan's workbook as a download link that opens the file until it expires, and nothing else", async () => {
    const { t, ha, dispatcher, fake } = await start();
    await t.postZaloUpdate(ha.text("/xuat 2026-11"));
    expect(fake.sentTexts(ha.id).at(-1)).toContain("Đang tổng hợp báo cáo toàn tỉnh tháng 11/2026");
    const before = fake.sentTexts(ha.id).length;
    await dispatcher.drain({ timeoutMs: 600_000 });
    const texts = fake.sentTexts(ha.id).slice(before);
    const plans = await listPlans(t.db);
    expect(texts).toHaveLength(plans.length);
    const links = texts.map((text) => /https:\/\/chitieu\.example\.test\/files\/\S+/.exec(text)?.[0] ?? "");
    // One link per plan, each named by its caption. Their order in the chat is not promised: the per-chat
    // rate limit puts all but the first back, each until its own moment (on PostgreSQL the shared send
    // gate answers them in the order the lane's workers reach its lock): docs/ARCHITECTURE.md.
    const caption = (number: string) => `Báo cáo ${number} — tháng 11/2026 — toàn tỉnh`;
    expect(plans.map((p) => texts.filter((text) => text.includes(caption(p.number))).length)).toEqual(plans.map(() => 1));
    for (const [i, text] of texts.entries()) {
      expect(text).toMatch(/Tải tệp \S+\.xlsx \(liên kết dùng được đến \d\d:\d\d \d\d\/\d\d\/\d{4}\)/);
      const res = await fetch(local(t, links[i]!));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="\S+\.xlsx"$/);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
      expect(workbook.worksheets.map((w) => w.name)).toContain("Tổng hợp");
    }
    // Bound to what was asked: another row's id or another file name under the same signature opens nothing.
    const [head, name] = links[0]!.split("/files/")[1]!.split("/") as [string, string];
    const [id, expires, mac] = head.split(".");
    expect((await fetch(`${t.base}/files/${Number(id) + 1}.${expires}.${mac}/${name}`)).status).toBe(404);
    expect((await fetch(`${t.base}/files/${head}/other-2026-11.xlsx`)).status).toBe(404);
    expect((await fetch(`${t.base}/files/${id}.${Number(expires) + 3600}.${mac}/${name}`)).status).toBe(404);
    // Short-lived: after FILE_LINK_TTL_MINUTES (60) it is gone.
    t.clock.advance(61 * 60_000);
    expect((await fetch(local(t, links[0]!))).status).toBe(410);
  });

  it("/tonghop's chart goes by sendPhoto with a signed link to a real PNG", async () => {
    const { t, ha, dispatcher, fake } = await start();
    const before = fake.callsOf("sendMessage").length;
    await t.postZaloUpdate(ha.text("tổng hợp"));
    await fake.waitForCalls("sendMessage", before + 1);
    expect(fake.sentTexts(ha.id).at(-1)).toContain("Tổng hợp toàn tỉnh");
    await dispatcher.drain({ timeoutMs: 600_000 });
    const photos = fake.callsOf("sendPhoto");
    expect(photos).toHaveLength(1);
    expect(String(photos[0]!.payload.caption)).toContain("Tỷ lệ báo cáo theo đơn vị — tháng 12/2026 — toàn tỉnh");
    const res = await fetch(local(t, String(photos[0]!.payload.photo)));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    expect(png.width).toBeGreaterThanOrEqual(600);
    expect(png.height).toBeGreaterThanOrEqual(200);
  });
});

/**
 * Over a personal account (zca-js), which uploads files: the workbook arrives as a file message and
 * the chart as an image, both from the copy the outbox stored. zca-js itself is the tests' fake client.
 */
describe("files over a zca-js account", { timeout: 180_000 }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("uploads the workbook as a file and the chart as an image, each once, then drops the stored copy", async () => {
    const clock = fixedClock("2026-12-03T02:00:00Z");
    const t = await tempDemoDatabase(clock.now());
    cleanups.push(t.remove);
    const config = testConfig(t.dir);
    const translator = createTranslator("vi");
    const store = createCredentialsStore({ file: join(t.dir, "zalo-credentials.json") });
    await store.save(savedCredentials);
    const fake = new FakeZca();
    const transport = createZcaTransport({ credentialsStore: store, logger: createLogger("silent"), allowGroups: false, zalo: fake.factory, sleep: async () => undefined });
    await transport.start({ onMessage: async () => undefined, onStatus: () => undefined });
    cleanups.push(() => transport.stop());
    fake.api.listener.deliver(zcaUser(fake.ownId, "u1").text("xin chào"));
    await transport.idle();

    const plan = (await listPlans(t.db))[0]!;
    await enqueueMessage(t.db, { channel: "zalo", accountId: transport.accountId, chatId: "u1", kind: "file", dedupKey: "file:t1:0", payload: { text: "Báo cáo — tháng 11/2026 — toàn tỉnh", file: { kind: "document", fileName: "bao-cao-2026-11.xlsx", recipe: { what: "plan_workbook", planKey: plan.key, periodKey: "2026-11", unitId: null, locale: "vi" } } } }, clock.now());
    await enqueueMessage(t.db, { channel: "zalo", accountId: transport.accountId, chatId: "u1", kind: "file", dedupKey: "file:t1:1", payload: { text: "Tỷ lệ báo cáo — tháng 11/2026", file: { kind: "photo", fileName: "ty-le-bao-cao-2026-11.png", recipe: { what: "completeness_chart", periodKey: "2026-11", unitId: null, locale: "vi" } } } }, clock.now());
    const senders = createOutboxSenders({ ...config, ZALO_TRANSPORT: "zca" }, { zalo: { transport, translator, clock }, files: chatFileDelivery({ config, db: t.db, translator, clock }) });
    const dispatcher = createDispatcher({ db: t.db, senders, clock, logger: createLogger("silent"), sleep: async (ms) => clock.advance(ms) });
    await dispatcher.drain({ timeoutMs: 600_000 });

    const sent = fake.api.sent.filter((m) => m.attachments > 0);
    expect(sent.map((m) => [m.text, m.files.map((f) => f.filename)])).toEqual([
      ["Báo cáo — tháng 11/2026 — toàn tỉnh", ["bao-cao-2026-11.xlsx"]],
      ["Tỷ lệ báo cáo — tháng 11/2026", ["ty-le-bao-cao-2026-11.png"]],
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sent[0]!.files[0]!.bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((w) => w.name)).toContain("Tổng hợp");
    expect(PNG.sync.read(sent[1]!.files[0]!.bytes).width).toBeGreaterThanOrEqual(600);
    expect(readdirSync(outboxFilesDir(config.DATA_DIR))).toEqual([]);
  });
});
