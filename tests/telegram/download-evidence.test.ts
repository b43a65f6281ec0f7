import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Api } from "grammy";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { downloadEvidence } from "../../bots/telegram/download-evidence.ts";
import { evidence, reports } from "../../db/schema.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { startTestApp, testBotToken, type TestApp } from "../support/test-app.ts";

/** 2026-11-25 16:46 in Vietnam: the evidence goes to evidence/2026/11. */
const date = 1_795_600_000;
const photoBytes = Buffer.from("\xff\xd8\xff\xe0 not really a jpeg, but bytes all the same \x00\x01\x02", "latin1");

/** Every file under a folder, relative to it ("evidence/2026/11/x.jpg"). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** A logger that keeps its lines, without redaction: what it holds is exactly what the code logged. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

/** Focal point Lan (DM-KHCN) marks task PL2.4 done with a product and one photo, over the webhook. */
async function reportTaskWithPhoto(app: TestApp, photo: { fileId: string; fileUniqueId: string; sizeBytes: number }): Promise<string[]> {
  const fake = app.fake!;
  const from = { id: 700_100, is_bot: false, first_name: "Lan", language_code: "vi" };
  const chat = { id: from.id, type: "private" as const, first_name: from.first_name };
  let updateId = 5000;
  const message = (fields: Record<string, unknown>) => ({ update_id: ++updateId, message: { message_id: updateId, date, chat, from, ...fields } });
  const text = (t: string) =>
    message({ text: t, ...(t.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: t.split(" ")[0]!.length }] } : {}) });
  const press = (label: string) => {
    const markup = fake.callsOf("sendMessage").at(-1)?.payload.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
    const button = markup?.inline_keyboard?.flat().find((b) => b.text === label);
    if (!button) throw new Error(`no button "${label}"`);
    return { update_id: ++updateId, callback_query: { id: `cb-${updateId}`, from, chat_instance: "ci", data: button.callback_data, message: { message_id: 1, date, chat, text: "…" } } };
  };
  const steps = [
    () => text("/start DM-KHCN"),
    () => text("báo cáo"),
    () => text("PL2.4"),
    () => press("Hoàn thành"),
    () => text("Quyết định số 123/QĐ-UBND ngày 15/11/2026"),
    () => message({ photo: [{ file_id: photo.fileId, file_unique_id: photo.fileUniqueId, width: 1280, height: 960, file_size: photo.sizeBytes }] }),
    () => press("Xong"),
    () => press("Lưu"),
  ];
  for (const step of steps) expect((await app.postUpdate(step())).status).toBe(200);
  return fake.sentTexts(from.id);
}

describe("evidence over Telegram: file id and metadata kept, a copy in DATA_DIR/evidence when configured", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("downloads the photo, byte for byte, and records its file id, unique id, size and local path", async () => {
    app = await startTestApp({ demo: true, telegram: true, env: { DOWNLOAD_EVIDENCE: "true" } });
    app.fake!.addFile("photo-1", "photos/file_7.jpg", photoBytes);
    const texts = await reportTaskWithPhoto(app, { fileId: "photo-1", fileUniqueId: "AQADu1", sizeBytes: photoBytes.length });

    expect(texts.at(-1)).toContain("Đã lưu báo cáo [PL2.4]");
    expect(app.fake!.callsOf("getFile").map((c) => c.payload.file_id)).toEqual(["photo-1"]);
    const row = await app.db.select().from(evidence).get();
    expect(row).toMatchObject({ kind: "photo", channel: "telegram", fileId: "photo-1", fileUniqueId: "AQADu1", sizeBytes: photoBytes.length, localPath: "evidence/2026/11/AQADu1.jpg" });
    expect(readFileSync(join(app.config.DATA_DIR, row!.localPath!))).toEqual(photoBytes);
    // Nothing else: no temporary half file beside it.
    expect(filesUnder(join(app.config.DATA_DIR, "evidence"))).toEqual(["2026/11/AQADu1.jpg"]);
  });

  it("with DOWNLOAD_EVIDENCE off, asks Telegram for nothing and keeps the file id", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    expect(app.config.DOWNLOAD_EVIDENCE).toBe(false);
    app.fake!.addFile("photo-1", "photos/file_7.jpg", photoBytes);
    const texts = await reportTaskWithPhoto(app, { fileId: "photo-1", fileUniqueId: "AQADu1", sizeBytes: photoBytes.length });

    expect(texts.at(-1)).toContain("Đã lưu báo cáo [PL2.4]");
    expect(app.fake!.callsOf("getFile")).toHaveLength(0);
    expect(await app.db.select().from(evidence).get()).toMatchObject({ fileId: "photo-1", fileUniqueId: "AQADu1", sizeBytes: photoBytes.length, localPath: null });
    expect(existsSync(join(app.config.DATA_DIR, "evidence"))).toBe(false);
  });

  it("saves the report with the file id and no local path when getFile fails", async () => {
    app = await startTestApp({ demo: true, telegram: true, env: { DOWNLOAD_EVIDENCE: "true" } });
    app.fake!.addFile("photo-big", "photos/file_8.jpg", photoBytes);
    app.fake!.failNext("getFile", { error_code: 400, description: "Bad Request: file is too big" });
    const texts = await reportTaskWithPhoto(app, { fileId: "photo-big", fileUniqueId: "AQADbig", sizeBytes: photoBytes.length });

    expect(texts.some((t) => t.includes("Đã nhận 1 minh chứng"))).toBe(true);
    expect(texts.at(-1)).toContain("Đã lưu báo cáo [PL2.4]");
    expect(await app.db.select().from(reports).all()).toHaveLength(1);
    expect(await app.db.select().from(evidence).get()).toMatchObject({ fileId: "photo-big", fileUniqueId: "AQADbig", localPath: null });
    expect(filesUnder(join(app.config.DATA_DIR, "evidence"))).toEqual([]);
  });

  it("does not let a file_path like ../../etc/passwd out of the evidence folder", async () => {
    app = await startTestApp({ demo: true, telegram: true, env: { DOWNLOAD_EVIDENCE: "true" } });
    app.fake!.addFile("photo-evil", "../../etc/passwd", Buffer.from("root:x:0:0"));
    const before = filesUnder(app.config.DATA_DIR);
    const texts = await reportTaskWithPhoto(app, { fileId: "photo-evil", fileUniqueId: "AQADevil", sizeBytes: 10 });

    expect(texts.at(-1)).toContain("Đã lưu báo cáo [PL2.4]");
    expect(await app.db.select().from(evidence).get()).toMatchObject({ fileId: "photo-evil", localPath: null });
    // The SQLite files may have grown their -wal/-shm companions; no other file appeared anywhere.
    expect(filesUnder(app.config.DATA_DIR).filter((f) => !before.includes(f) && !/^chitieu\.db/.test(f))).toEqual([]);
    expect(existsSync(join(app.config.DATA_DIR, "etc"))).toBe(false);
  });
});

describe("downloadEvidence", () => {
  let dir: string;
  let fake: FakeTelegram | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server?.closeAllConnections();
    server = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function withFake() {
    dir = mkdtempSync(join(tmpdir(), "chitieu-evidence-"));
    fake = await new FakeTelegram().start();
    return new Api(testBotToken, { apiRoot: fake.apiRoot });
  }

  /** A Bot API whose getFile says nothing about the size and whose file download misbehaves as told. */
  async function withServer(serveFile: (res: import("node:http").ServerResponse) => void) {
    dir = mkdtempSync(join(tmpdir(), "chitieu-evidence-"));
    server = createServer((req, res) => {
      if (req.url?.endsWith("/getFile")) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: { file_id: "f", file_unique_id: "AQADx", file_path: "documents/file_1.pdf" } }));
      } else serveFile(res);
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    return new Api(testBotToken, { apiRoot: `http://127.0.0.1:${port}` });
  }

  it("names the file from its unique id and the month in Vietnam time, never from the user's file name", async () => {
    const api = await withFake();
    fake!.addFile("doc-1", "documents/file_3", Buffer.from("%PDF-1.7"));
    const { logger } = capturingLogger();
    // 18:00 UTC on 30 November is already 1 December in Vietnam.
    const path = await downloadEvidence(api, "doc-1", { dataDir: dir, logger, receivedAt: new Date("2026-11-30T18:00:00Z"), fileUniqueId: "../../AQ/AD.d1", mimeType: "application/pdf" });
    expect(path).toBe("evidence/2026/12/AQADd1.pdf");
    expect(readFileSync(join(dir, path!), "utf8")).toBe("%PDF-1.7");
  });

  it("does not download the same file twice", async () => {
    const api = await withFake();
    fake!.addFile("photo-1", "photos/file_7.jpg", photoBytes);
    const { logger } = capturingLogger();
    const options = { dataDir: dir, logger, receivedAt: new Date(date * 1000), fileUniqueId: "AQADu1" };
    expect(await downloadEvidence(api, "photo-1", options)).toBe("evidence/2026/11/AQADu1.jpg");
    fake!.addFile("photo-1", "photos/file_7.jpg", Buffer.from("changed"));
    expect(await downloadEvidence(api, "photo-1", options)).toBe("evidence/2026/11/AQADu1.jpg");
    expect(readFileSync(join(dir, "evidence/2026/11/AQADu1.jpg"))).toEqual(photoBytes);
  });

  it("refuses a file over the cap without asking Telegram when the message says its size, and when getFile says it", async () => {
    const api = await withFake();
    fake!.addFile("photo-1", "photos/file_7.jpg", photoBytes);
    const { logger, lines } = capturingLogger();
    const base = { dataDir: dir, logger, receivedAt: new Date(date * 1000), fileUniqueId: "AQADu1" };
    expect(await downloadEvidence(api, "photo-1", { ...base, sizeBytes: 21 * 1024 * 1024 })).toBeUndefined();
    expect(fake!.callsOf("getFile")).toHaveLength(0);
    expect(await downloadEvidence(api, "photo-1", { ...base, maxBytes: photoBytes.length - 1 })).toBeUndefined();
    expect(fake!.callsOf("getFile")).toHaveLength(1);
    expect(lines.filter((l) => l.includes("too big"))).toHaveLength(2);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("stops a download that grows past the cap and leaves no half file", async () => {
    const api = await withServer((res) => {
      res.writeHead(200);
      res.write(Buffer.alloc(600));
      res.end(Buffer.alloc(600));
    });
    const { logger, lines } = capturingLogger();
    expect(await downloadEvidence(api, "f", { dataDir: dir, logger, receivedAt: new Date(date * 1000), maxBytes: 1000 })).toBeUndefined();
    expect(lines.some((l) => l.includes("too big"))).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
  });

  it("leaves no half file when the connection breaks, and never logs the token", async () => {
    const api = await withServer((res) => {
      res.writeHead(200, { "content-length": "5000" });
      res.write(Buffer.alloc(1000), () => res.destroy());
    });
    const { logger, lines } = capturingLogger();
    expect(await downloadEvidence(api, "f", { dataDir: dir, logger, receivedAt: new Date(date * 1000) })).toBeUndefined();
    expect(lines.some((l) => l.includes("evidence download failed"))).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
    expect(lines.join("\n")).not.toContain(testBotToken.split(":")[1]);
  });

  it("keeps only the file id when the Bot API refuses the download, and never logs the token", async () => {
    const api = await withServer((res) => res.writeHead(404).end());
    const { logger, lines } = capturingLogger();
    expect(await downloadEvidence(api, "f", { dataDir: dir, logger, receivedAt: new Date(date * 1000) })).toBeUndefined();
    expect(lines.some((l) => l.includes('"status":404'))).toBe(true);
    expect(filesUnder(dir)).toEqual([]);
    expect(lines.join("\n")).not.toContain(testBotToken.split(":")[1]);
  });

  it("refuses file paths that could leave /file/bot<token>/", async () => {
    const api = await withFake();
    const { logger, lines } = capturingLogger();
    for (const [i, path] of ["../../etc/passwd", "photos/../../x.jpg", "/etc/passwd", "photos\\..\\x.jpg", "photos//x.jpg"].entries()) {
      fake!.addFile(`f${i}`, path, Buffer.from("x"));
      expect(await downloadEvidence(api, `f${i}`, { dataDir: dir, logger, receivedAt: new Date(date * 1000), fileUniqueId: `AQ${i}` })).toBeUndefined();
    }
    expect(lines.filter((l) => l.includes("no usable file path"))).toHaveLength(5);
    expect(filesUnder(dir)).toEqual([]);
  });
});
