import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { ZaloChatConnection } from "../../bots/zalo/connect-zalo-chat.ts";
import { chatAccounts, evidence, reportRevisions } from "../../db/schema.ts";
import { loadCase, prepareCase, type ConversationCase } from "../chat/run-conversation.ts";
import { zcaAttachment, zcaUser } from "../support/fake-zca.ts";
import { say, sentTo, startZcaApp, type ZcaApp } from "../support/zca-app.ts";
import { checkZaloReplies } from "./check-zalo-replies.ts";
import { offeredIn } from "../support/zalo-user.ts";

const casesDir = fileURLToPath(new URL("../chat/cases", import.meta.url));

async function replayOverZca(z: ZcaApp, c: ConversationCase): Promise<void> {
  const users = new Map<string, ReturnType<typeof zcaUser> & { id: string }>();
  for (const [i, turn] of c.turns.entries()) {
    const where = `${c.name}, turn ${i + 1}`;
    if (turn.at) z.app.clock.set(turn.at);
    let user = users.get(turn.as);
    if (!user) {
      const id = `81234567${String(users.size).padStart(11, "0")}`;
      user = { ...zcaUser(z.fake.ownId, id, `Cán bộ ${users.size + 1}`), id };
      users.set(turn.as, user);
    }
    let message;
    if (turn.press !== undefined) {
      const last = sentTo(z, user.id).at(-1) ?? "";
      const { numbered, words } = offeredIn(last);
      const matches = (label: string) => label === turn.press || label.startsWith(turn.press!);
      const n = numbered.findIndex(matches);
      const word = words.find(matches);
      if (n < 0 && word === undefined) throw new Error(`${where}: "${turn.press}" is not offered in ${JSON.stringify(last.slice(-300))}`);
      message = user.text(n >= 0 ? String(n + 1) : word!);
    } else if (turn.attachment) {
      message = zcaAttachment(user, turn.attachment, turn.send);
    } else message = user.text(turn.send ?? "");
    const before = sentTo(z, user.id).length;
    await say(z, message);
    const replies = sentTo(z, user.id).slice(before);
    checkZaloReplies(where, replies, turn);
  }
}

describe("every conversation case, replayed through the zca-js transport (fake zca-js client) and the real chat host", () => {
  let z: ZcaApp | undefined;
  let connection: ZaloChatConnection | undefined;
  afterEach(async () => {
    await connection?.stop();
    await z?.app.close();
    z = undefined;
    connection = undefined;
  });

  for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
    const c = loadCase(join(casesDir, file));
    it(c.name, async () => {
      z = await startZcaApp(c.now);
      connection = z.connection;
      await prepareCase(z.app.db, c);
      await replayOverZca(z, c);
    });
  }

  it("keeps a photo sent during a report as evidence, with Zalo's URL as the file id", async () => {
    z = await startZcaApp();
    connection = z.connection;
    const c = loadCase(join(casesDir, "task-status-vi.json"));
    await replayOverZca(z, c);
    const rows = await z.app.db.select({ kind: evidence.kind, channel: evidence.channel, fileId: evidence.fileId, fileName: evidence.fileName }).from(evidence).all();
    expect(rows).toEqual([{ kind: "photo", channel: "zalo", fileId: "https://f21-zpc.zdn.vn/jpg/8612/photo-1.jpg", fileName: "photo-1.jpg" }]);
    expect(await z.app.db.select({ channel: reportRevisions.channel }).from(reportRevisions).all()).toEqual([{ channel: "zalo" }]);
  });

  it("takes a shared link (chat.link, titled with the page's title) as evidence of kind link", async () => {
    z = await startZcaApp();
    connection = z.connection;
    const user = zcaUser(z.fake.ownId, "8123000000000000044");
    for (const text of ["DM-KHCN", "báo cáo", "phu song 5g", "72,5", "bỏ qua"]) await say(z, user.text(text));
    await say(z, user.link("https://drive.example.vn/bien-ban-5g", "Biên bản nghiệm thu phủ sóng 5G"));
    expect(sentTo(z, "8123000000000000044").at(-1)).toContain("Đã nhận 1 minh chứng");
    await say(z, user.text("xong"));
    await say(z, user.text("có"));
    expect(await z.app.db.select({ kind: evidence.kind, fileId: evidence.fileId }).from(evidence).all()).toEqual([{ kind: "link", fileId: "https://drive.example.vn/bien-ban-5g" }]);
  });

  it("keys the chat account by (zalo, the logged-in account's id, the Zalo user id)", async () => {
    z = await startZcaApp();
    connection = z.connection;
    await say(z, zcaUser(z.fake.ownId, "8123000000000000042").text("DM-KHCN"));
    expect(await z.app.db.select({ channel: chatAccounts.channel, accountId: chatAccounts.accountId, externalUserId: chatAccounts.externalUserId }).from(chatAccounts).all()).toEqual([
      { channel: "zalo", accountId: z.fake.ownId, externalUserId: "8123000000000000042" },
    ]);
    // Having written first, the person may now get reminders through the outbox, even after a restart.
    expect(await z.transport.canMessage("8123000000000000042")).toBe(true);
  });

  it("answers a redelivered message once", async () => {
    z = await startZcaApp();
    connection = z.connection;
    const user = zcaUser(z.fake.ownId, "8123000000000000043");
    const hello = user.text("DM-KHCN");
    await say(z, hello);
    const after = sentTo(z, "8123000000000000043").length;
    await say(z, hello);
    expect(sentTo(z, "8123000000000000043")).toHaveLength(after);
  });
});
