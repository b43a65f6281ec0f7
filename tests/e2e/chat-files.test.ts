import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboxSenders } from "../../bots/create-outbox-senders.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { listUnits, unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { conversationStates, outbox } from "../../db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { chatFileDelivery } from "../../src/services/chat-files.ts";
import { outboxFilesDir } from "../../src/services/file-links.ts";
import type { UploadedFile } from "../support/fake-telegram.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson } from "../support/telegram-person.ts";

const TOKEN = "test-admin-token-123456";

/**
 * /xuat and the charts of /tonghop and /tiendo over Telegram: the real bot in webhook mode, the
 * real chat host and SQLite file, the outbox dispatcher with the Telegram sender, and a fake Bot
 * API on 127.0.0.1 that receives the multipart uploads. The workbook that arrives is read back
 * with exceljs and compared cell by cell with the admin API's export of the same plan and period.
 */
describe("files in chat over Telegram", { timeout: 90_000 }, () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start() {
    app = await startTestApp({ demo: true, telegram: true, now: "2026-12-03T02:00:00Z", env: { ADMIN_TOKEN: TOKEN } });
    const t = app;
    const ha = telegramPerson(760_001, "Hà");
    const minh = telegramPerson(760_002, "Minh");
    const lan = telegramPerson(760_003, "Lan");
    await linkTelegram(t.db, "0912000003", ha.userId);
    await linkTelegram(t.db, "0912000002", minh.userId);
    await linkTelegram(t.db, "0912000001", lan.userId);
    const senders = createOutboxSenders(t.config, { files: chatFileDelivery({ config: t.config, db: t.db, translator: t.translator, clock: t.clock }) });
    const dispatcher = createDispatcher({ db: t.db, senders, clock: t.clock, logger: createLogger("silent"), sleep: async (ms) => t.clock.advance(ms) });
    const say = async (person: typeof ha, text: string) => {
      const before = messagesTo(t.fake!, person.userId).length;
      await t.postUpdate(person.text(text));
      return messagesTo(t.fake!, person.userId, before).map((m) => m.text).join("\n");
    };
    const uploads = (method: "sendDocument" | "sendPhoto", chatId: number) =>
      t.fake!.callsOf(method).filter((c) => String(c.payload.chat_id) === String(chatId)).map((c) => ({ caption: String(c.payload.caption), file: c.payload[method === "sendDocument" ? "document" : "photo"] as UploadedFile }));
    return { t, ha, minh, lan, dispatcher, say, uploads };
  }

  it("a coordinator's 'xuất báo cáo tháng 11' brings the province's workbook of each plan as a document, equal cell by cell to the API's export", async () => {
    const { t, ha, dispatcher, say, uploads } = await start();
    const reply = await say(ha, "xuất báo cáo tháng 11");
    expect(reply).toContain("Đang tổng hợp báo cáo toàn tỉnh tháng 11/2026");
    const plans = await listPlans(t.db);
    expect(await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all()).toHaveLength(plans.length);

    await dispatcher.drain({ timeoutMs: 60_000 });
    const docs = uploads("sendDocument", ha.userId);
    expect(docs).toHaveLength(plans.length);
    for (const [i, plan] of plans.entries()) {
      const doc = docs[i]!;
      expect(doc.caption).toBe(`Báo cáo ${plan.number} — tháng 11/2026 — toàn tỉnh`);
      expect(doc.file.filename).toMatch(/-2026-11\.xlsx$/);
      expect(doc.file.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
      const api = await fetch(`${t.base}/api/exports/plan.xlsx?plan=${encodeURIComponent(plan.number)}&period=2026-11`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(api.status).toBe(200);
      expect(await cells(doc.file.bytes)).toEqual(await cells(Buffer.from(await api.arrayBuffer())));
    }
    // Sent, so no longer kept.
    expect(existsSync(outboxFilesDir(t.config.DATA_DIR)) ? readdirSync(outboxFilesDir(t.config.DATA_DIR)) : []).toEqual([]);
  });

  it("a unit head's '/xuat 2026-11' holds only their unit and its sub-units; a focal point is refused politely and nothing is queued", async () => {
    const { t, minh, lan, dispatcher, say, uploads } = await start();
    expect(await say(lan, "/xuat 2026-11")).toContain("Xuất báo cáo dành cho cán bộ điều phối");
    expect(await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all()).toEqual([]);

    expect(await say(minh, "/xuat 2026-11")).toContain("Đang tổng hợp báo cáo tháng 11/2026 của Sở Khoa học và Công nghệ");
    await dispatcher.drain({ timeoutMs: 60_000 });
    const docs = uploads("sendDocument", minh.userId);
    expect(docs.length).toBeGreaterThan(0);
    const unitId = (await findPersonByPhone(t.db, "0912000002"))!.unitId!;
    const mine = new Set(await unitSubtreeIds(t.db, unitId));
    const allUnits = await listUnits(t.db);
    const others = new Set(allUnits.filter((u) => !mine.has(u.id)).map((u) => u.name));
    const ours = new Set(allUnits.filter((u) => mine.has(u.id)).map((u) => u.name));
    let seenOurs = 0;
    for (const doc of docs) {
      expect(doc.caption).toContain("Sở Khoa học và Công nghệ");
      const flat = (await cells(doc.file.bytes)).at(-1)!;
      for (const row of flat.rows.slice(1)) {
        for (const v of row) {
          expect(others.has(String(v))).toBe(false);
          if (ours.has(String(v))) seenOurs += 1;
        }
      }
    }
    expect(seenOurs).toBeGreaterThan(0);
  });

  it("asks back for a missing or doubled period instead of guessing, and queues nothing", async () => {
    const { t, ha, say } = await start();
    expect(await say(ha, "xuat bao cao")).toContain("Anh/chị muốn xuất báo cáo kỳ nào?");
    expect(await say(ha, "/xuat")).toContain("Ví dụ: \"xuất báo cáo tháng 11\"");
    expect(await say(ha, "xuất báo cáo tháng 10 và tháng 11")).toContain("hai kỳ báo cáo");
    expect(await say(ha, "xuat bc quy 1 2027")).toContain("chưa bắt đầu");
    expect(await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all()).toEqual([]);
    // Without diacritics and with a quarter: the latest quarter III that has begun.
    expect(await say(ha, "xuat bc quy 3")).toContain("quý III/2026");
  });

  it("asks back with the latest periods as buttons that carry the period: a press after the conversation state is gone still brings the workbook; each line shows the command to type back (Zalo has no buttons)", async () => {
    const { t, ha } = await start();
    await t.postUpdate(ha.text("xuất báo cáo"));
    const asked = messagesTo(t.fake!, ha.userId).at(-1)!;
    expect(asked.text).toContain("Anh/chị muốn xuất báo cáo kỳ nào?");
    // 3 December 2026: last month, this month, this quarter, this year — each line with what to type back.
    expect(asked.buttons.map((b) => b.data)).toEqual(["xuat:2026-11", "xuat:2026-12", "xuat:2026-Q4", "xuat:2026"]);
    expect(asked.text).toContain("/xuat 2026-11");
    expect(asked.text).toContain("/xuat 2026-Q4");
    // Nothing waits on the server for the answer: the stored conversation is dropped (a restart, an expiry)…
    await t.db.delete(conversationStates);
    const before = messagesTo(t.fake!, ha.userId).length;
    await t.postUpdate(ha.press(asked.buttons[0]!));
    expect(messagesTo(t.fake!, ha.userId, before).map((m) => m.text).join("\n")).toContain("Đang tổng hợp báo cáo toàn tỉnh tháng 11/2026");
    const files = await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all();
    expect(files.length).toBe((await listPlans(t.db)).length);
    expect(files.every((f) => (f.payload as { file: { recipe: { periodKey: string; unitId: number | null } } }).file.recipe.periodKey === "2026-11")).toBe(true);
    // …and a button forged or mangled is not an export.
    await t.postUpdate(ha.press({ ...asked.buttons[0]!, data: "xuat:2026-13" }));
    expect(await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all()).toHaveLength(files.length);
  });

  it("a failed upload is retried from the stored file and arrives once", async () => {
    const { t, ha, dispatcher, say, uploads } = await start();
    await say(ha, "/xuat 2026");
    const rows = await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all();
    t.fake!.failNext("sendDocument", { error_code: 502, description: "Bad Gateway" });
    await dispatcher.runOnce();
    // The refused row's file stays stored for its retry; the others went out and theirs are gone.
    const dir = outboxFilesDir(t.config.DATA_DIR);
    const failedName = (t.fake!.callsOf("sendDocument")[0]!.payload.document as UploadedFile).filename;
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readdirSync(join(dir, readdirSync(dir)[0]!))).toEqual([failedName]);
    await dispatcher.drain({ timeoutMs: 600_000 });
    const docs = uploads("sendDocument", ha.userId);
    expect(t.fake!.callsOf("sendDocument")).toHaveLength(rows.length + 1);
    // The retry sent the stored bytes, not a new build.
    const [failed, ...rest] = t.fake!.callsOf("sendDocument").map((c) => c.payload.document as UploadedFile);
    const retried = rest.filter((f) => f.filename === failed!.filename);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.bytes.equals(failed!.bytes)).toBe(true);
    expect(docs.filter((d) => d.caption.includes("năm 2026"))).toHaveLength(rows.length + 1);
    expect((await t.db.select().from(outbox).where(eq(outbox.kind, "file")).all()).map((r) => r.status)).toEqual(rows.map(() => "sent"));
    expect(readdirSync(dir)).toEqual([]);
  });

  it("/tonghop and /tiendo come with their chart as a photo: a real PNG of the chart's size", async () => {
    const { ha, minh, dispatcher, say, uploads } = await start();
    expect(await say(ha, "/tonghop")).toContain("Tổng hợp toàn tỉnh");
    expect(await say(minh, "/tiendo")).toContain("Tiến độ");
    await dispatcher.drain({ timeoutMs: 60_000 });
    for (const [person, title] of [[ha, "Tỷ lệ báo cáo theo đơn vị"], [minh, "Mức đạt so với chỉ tiêu"]] as const) {
      const photos = uploads("sendPhoto", person.userId);
      expect(photos).toHaveLength(1);
      expect(photos[0]!.caption).toContain(title);
      expect(photos[0]!.file.filename).toMatch(/\.png$/);
      const png = PNG.sync.read(photos[0]!.file.bytes);
      expect(png.width).toBeGreaterThanOrEqual(600);
      expect(png.height).toBeGreaterThanOrEqual(200);
    }
  });
});

/** Every sheet's name and cell values, row by row: what a reader of the workbook sees. */
async function cells(bytes: Uint8Array): Promise<{ name: string; rows: unknown[][] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = (row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v && typeof v === "object" && "result" in v ? (v as { result: unknown }).result : v));
    });
    return { name: sheet.name, rows };
  });
}

