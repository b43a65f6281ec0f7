import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, inviteCodes, outbox, people, units } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, devSay, sessionFor } from "./console-session.ts";
import { asSent } from "../support/as-sent.ts";

/**
 * The console's set-up pages for people, invitations and the unit tree, over a real port and a
 * real SQLite file: who may open them (a unit head gets 403), the polite refusals, a preview that
 * shows no invite code it will not issue, and an invitation sent by chat through the outbox.
 */
describe("console set-up: people, invitations, units", () => {
  let s: TestApp;
  let coordinator: { cookie: string; csrf: string };
  let head: { cookie: string; csrf: string };

  beforeAll(async () => {
    s = await startTestApp({ demo: true, env: { TELEGRAM_BOT_USERNAME: "chitieu_tinh_bot" } });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
  }, 60_000);
  afterAll(async () => s?.close());

  const get = (path: string, who: { cookie: string }) => fetch(`${s.base}${path}`, { redirect: "manual", headers: { cookie: who.cookie } });
  const post = (path: string, who: { cookie: string; csrf: string }, fields: Record<string, string>) =>
    fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ _csrf: who.csrf, ...fields }) });
  const personId = async (phone: string) => (await s.db.select().from(people).where(eq(people.phone, phone)).get())!.id;
  const unitId = async (name: string) => (await s.db.select().from(units).where(eq(units.name, name)).get())!.id;
  /** Follows a 303 and returns the page it leads to. */
  const followed = async (r: Response, who: { cookie: string }) => {
    expect(r.status).toBe(303);
    return await (await get(r.headers.get("location")!, who)).text();
  };

  it("refuses a unit head every people, invitation and unit-tree page and change with 403, and shows them no People link", async () => {
    const focal = await personId(demo.focal.phone);
    const khcn = await unitId("Sở Khoa học và Công nghệ");
    for (const path of ["/console/people", "/console/people/import", `/console/people/${focal}`, "/console/invites/sheet"]) {
      const r = await get(path, head);
      expect(r.status, path).toBe(403);
      expect(await r.text(), path).not.toContain(demo.focal.phone);
    }
    const posts: [string, Record<string, string>][] = [
      ["/console/people", { name: "Người Lạ", unit: "Sở Tài chính" }],
      ["/console/people/import", { csv: "Họ tên,Đơn vị\nNgười Lạ,Sở Tài chính\n" }],
      [`/console/people/${focal}/roles`, { change: "add", role: "coordinator" }],
      [`/console/people/${focal}/invite`, { action: "reissue" }],
      ["/console/units", { name: "UBND xã Lạ" }],
      [`/console/units/${khcn}/rename`, { name: "Sở Lạ" }],
      [`/console/units/${khcn}/move`, { parent: "Sở Tài chính" }],
    ];
    for (const [path, fields] of posts) expect((await post(path, head, fields)).status, path).toBe(403);
    expect(await s.db.select().from(people).where(eq(people.name, "Người Lạ")).get()).toBeUndefined();
    expect(await s.db.select().from(units).where(eq(units.name, "Sở Lạ")).get()).toBeUndefined();
    expect(await (await get("/console/units", head)).text()).not.toContain('href="/console/people"');
    expect(await (await get("/console/units", coordinator)).text()).toContain('href="/console/people"');
  });

  it("adds a person with a role and an invite code, shows the deep link and an inline QR, and audits it", async () => {
    const page = await followed(await post("/console/people", coordinator, { name: "Bùi Thị Hoa", phone: "0987 654 321", unit: "UBND xã Đại Phúc", role: "unit_head" }), coordinator);
    expect(page).toContain("Đã thêm cán bộ và cấp mã mời.");
    const id = await personId("0987654321");
    const code = (await s.db.select().from(inviteCodes).where(eq(inviteCodes.personId, id)).get())!.code;
    expect(page).toContain(`https://t.me/chitieu_tinh_bot?start&#61;${code}`); // "=" escaped, as every attribute
    expect(page).toMatch(/<svg role="img" aria-label="[^"]*Bùi Thị Hoa[^"]*" class="qr"/);
    expect(page).toContain("Lãnh đạo");
    expect((await s.db.select().from(auditLog).where(and(eq(auditLog.action, "person.add"), eq(auditLog.entityId, String(id)))).all()).length).toBe(1);
  });

  it("refuses a bad phone, a phone already taken and a unit that does not exist, politely and in Vietnamese", async () => {
    const bad = await followed(await post("/console/people", coordinator, { name: "Lê Văn Tư", phone: "12345", unit: "Sở Tài chính" }), coordinator);
    expect(bad).toContain("&#34;12345&#34; không phải số điện thoại Việt Nam");
    const taken = await followed(await post("/console/people", coordinator, { name: "Lê Văn Tư", phone: demo.focal.phone, unit: "Sở Tài chính" }), coordinator);
    expect(taken).toContain("Số điện thoại này đã là của Nguyễn Thị Lan.");
    const noUnit = await followed(await post("/console/people", coordinator, { name: "Lê Văn Tư", unit: "Sở Không Có" }), coordinator);
    expect(noUnit).toContain("Không có đơn vị &#34;Sở Không Có&#34;");
    expect(await s.db.select().from(people).where(eq(people.name, "Lê Văn Tư")).get()).toBeUndefined();
    // Only an admin gives the admin role; the demo coordinator is one, so a head cannot even try (403 above).
    const exists = await followed(await post("/console/units", coordinator, { name: "Sở Tài chính" }), coordinator);
    expect(exists).toContain("Đã có đơn vị &#34;Sở Tài chính&#34;");
  });

  it("previews a people list without issuing or showing codes it will not issue, then imports it; a bad list is refused politely", async () => {
    const csv = "Họ và tên,Số điện thoại,Đơn vị,Vai trò\nTạ Văn Khoa,0977000111,Sở Y tế,đầu mối\nNgười Sai Số,999,Sở Y tế,đầu mối\n";
    const preview = await (await post("/console/people/import", coordinator, { csv })).text();
    expect(preview).toContain("Sẽ thêm 1, cập nhật 0, không đổi 0.");
    expect(preview).toContain("cấp khi nhập");
    expect(preview).toContain("&#34;999&#34; không phải số điện thoại Việt Nam");
    expect(await s.db.select().from(people).where(eq(people.phone, "0977000111")).get()).toBeUndefined();
    expect((await s.db.select().from(inviteCodes).all()).some((c) => preview.includes(`>${c.code}<`))).toBe(false);
    const done = await followed(await post("/console/people/import", coordinator, { csv, confirm: "1" }), coordinator);
    expect(done).toContain("Đã nhập 1 cán bộ từ danh sách.");
    const id = await personId("0977000111");
    expect(await s.db.select().from(inviteCodes).where(eq(inviteCodes.personId, id)).get()).toBeDefined();

    const noColumns = await post("/console/people/import", coordinator, { csv: "Tên đơn vị,Ghi chú\nSở Y tế,x\n" });
    expect(await noColumns.text()).toContain("Tệp không có cột &#34;name&#34;");
    const empty = await post("/console/people/import", coordinator, { csv: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Chưa có nội dung: chọn tệp CSV hoặc dán danh sách vào ô.");
  });

  it("sends a person's invitation by chat to the chat they already linked, through the outbox, once", async () => {
    await devSay(s, demo.focal.phone, demo.focal.code); // the focal point links the dev chat with their code (now used)
    const id = await personId(demo.focal.phone);
    const none = await followed(await post(`/console/people/${id}/invite`, coordinator, { action: "send" }), coordinator);
    expect(none).toContain("Người này chưa có mã mời dùng được");
    await followed(await post(`/console/people/${id}/invite`, coordinator, { action: "reissue" }), coordinator);
    const code = (await s.db.select().from(inviteCodes).where(and(eq(inviteCodes.personId, id))).all()).find((c) => c.code !== demo.focal.code)!.code;
    const sent = await followed(await post(`/console/people/${id}/invite`, coordinator, { action: "send" }), coordinator);
    expect(sent).toContain("Đã xếp tin nhắn mời vào hàng gửi");
    const rows = (await s.db.select().from(outbox).where(eq(outbox.personId, id)).all()).filter((r) => r.dedupKey.startsWith("invite:"));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.channel).toBe("devchat");
    expect(rows[0]!.locale).toBe("vi");
    expect(asSent(rows[0]!).text).toContain(`Mã mời của Nguyễn Thị Lan: ${code}`);
    expect(asSent(rows[0]!).text).toContain(`https://t.me/chitieu_tinh_bot?start=${code}`);
    const again = await followed(await post(`/console/people/${id}/invite`, coordinator, { action: "send" }), coordinator);
    expect(again).toContain("Mã này đã được gửi qua các kênh chat đó rồi");
    const revoked = await followed(await post(`/console/people/${id}/invite`, coordinator, { action: "revoke" }), coordinator);
    expect(revoked).toContain("Đã thu hồi mã mời.");
    expect(revoked).not.toContain(code);
  });

  it("renames a unit keeping the old name as an alias, adds another name, moves it, and refuses a cycle", async () => {
    const id = await unitId("UBND xã Tân Cương");
    const renamed = await followed(await post(`/console/units/${id}/rename`, coordinator, { name: "UBND xã Tân Cương Mới" }), coordinator);
    expect(renamed).toContain("Đã đổi tên; tên cũ được giữ làm tên khác.");
    expect((await s.db.select().from(units).where(eq(units.id, id)).get())!.name).toBe("UBND xã Tân Cương Mới");
    // The old name still finds the unit: adding it as a new unit is refused.
    expect(await followed(await post("/console/units", coordinator, { name: "UBND xã Tân Cương" }), coordinator)).toContain("Đã có đơn vị &#34;UBND xã Tân Cương Mới&#34;");
    expect(await followed(await post(`/console/units/${id}/alias`, coordinator, { alias: "Xã TC" }), coordinator)).toContain("Đã thêm tên khác cho đơn vị.");
    const parent = await unitId("Sở Nội vụ");
    expect(await followed(await post(`/console/units/${id}/move`, coordinator, { parent: "Sở Nội vụ" }), coordinator)).toContain("Đã chuyển đơn vị.");
    expect((await s.db.select().from(units).where(eq(units.id, id)).get())!.parentId).toBe(parent);
    expect(await followed(await post(`/console/units/${parent}/move`, coordinator, { parent: "UBND xã Tân Cương Mới" }), coordinator)).toContain("Không thể đặt đơn vị dưới");
    const actions = (await s.db.select().from(auditLog).where(eq(auditLog.entityId, String(id))).all()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["unit.rename", "unit.alias", "unit.move"]));
  });

  it("adds a unit whose kind is left to be guessed from its name, as the form's first choice posts it", async () => {
    const page = await followed(await post("/console/units", coordinator, { name: "UBND phường Túc Duyên", kind: "", parent: "" }), coordinator);
    expect(page).toContain("Đã thêm đơn vị");
    const unit = (await s.db.select().from(units).where(eq(units.name, "UBND phường Túc Duyên")).get())!;
    expect(unit.kind).toBe("commune");
    expect(unit.parentId).toBeNull();
    expect(await followed(await post("/console/units", coordinator, { name: "UBND xã Lạ", kind: "hành tinh" }), coordinator)).toContain("Loại &#34;hành tinh&#34; không có.");
  });

  it("marks the central ministries the demo plans name as outside the province", async () => {
    for (const name of ["Bộ Công an", "Bộ Khoa học và Công nghệ"]) expect((await s.db.select().from(units).where(eq(units.name, name)).get())?.external, name).toBe(true);
  });
});
