import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { chatAccounts } from "../../db/schema.ts";
import type { Inbound } from "../../src/chat/types.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

describe("linking by a phone number the transport vouches for (Zalo)", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const zalo = (text: string, phone?: string): Inbound => ({ channel: "zalo", accountId: "acc-1", chatId: "u-77", senderId: "u-77", text, ...(phone ? { phone } : {}) });

  it("asks a registered number to confirm who they are, then links without a code", async () => {
    app = await startTestApp({ demo: true });
    const first = await app.chat.handle(zalo("xin chào", "+84 912 000 001"));
    expect(first.replies[0]?.text).toContain("trùng với Nguyễn Thị Lan (Sở Khoa học và Công nghệ)");
    expect(first.replies[0]?.choices.map((c) => c.label)).toEqual(["Đúng, là tôi", "Không phải"]);
    const second = await app.chat.handle(zalo("1", "0912000001"));
    expect(second.replies[0]?.text).toContain("Chào Nguyễn Thị Lan");
    expect((await app.db.select().from(chatAccounts).where(eq(chatAccounts.externalUserId, "u-77")).get())?.personId).toBe(1);
  });

  it("does nothing for an unknown number, and 'no' falls back to the invite code", async () => {
    app = await startTestApp({ demo: true });
    expect((await app.chat.handle(zalo("xin chào", "0987654321"))).replies[0]?.text).toContain("chưa được liên kết");
    await app.chat.handle(zalo("hi", "0912000004"));
    expect((await app.chat.handle(zalo("2", "0912000004"))).replies[0]?.text).toContain("gửi mã mời");
    expect((await app.db.select().from(chatAccounts).where(eq(chatAccounts.externalUserId, "u-77")).get())?.personId).toBeNull();
  });

  it("never links by phone when the confirming message does not carry the vouched phone", async () => {
    app = await startTestApp({ demo: true });
    await app.chat.handle(zalo("hi", "0912000004"));
    const reply = await app.chat.handle(zalo("1"));
    expect(reply.replies[0]?.text).toContain("chưa được liên kết");
    expect((await app.db.select().from(chatAccounts).where(eq(chatAccounts.externalUserId, "u-77")).get())?.personId).toBeNull();
  });
});
