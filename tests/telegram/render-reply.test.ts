import { describe, expect, it } from "vitest";
import { splitText } from "../../bots/split-text.ts";
import { renderReply } from "../../bots/telegram/render-reply.ts";
import { TelegramAdapterError } from "../../bots/telegram/telegram-adapter-error.ts";

describe("renderReply", () => {
  it("sends a short answer as one plain-text message without link previews", () => {
    expect(renderReply({ text: "Đã ghi nhận 72,5%.", choices: [] })).toEqual([{ text: "Đã ghi nhận 72,5%.", link_preview_options: { is_disabled: true } }]);
  });

  it("puts short choices two to a row", () => {
    const [message] = renderReply({
      text: "Xác nhận?",
      choices: [
        { id: "yes", label: "Đúng" },
        { id: "no", label: "Sai" },
        { id: "cancel", label: "Hủy" },
      ],
    });
    expect(message?.reply_markup?.inline_keyboard).toEqual([
      [
        { text: "Đúng", callback_data: "yes" },
        { text: "Sai", callback_data: "no" },
      ],
      [{ text: "Hủy", callback_data: "cancel" }],
    ]);
  });

  it("puts long choices one to a row, trimmed to 64 characters", () => {
    const long = "1.1. Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình trên Cổng dịch vụ công";
    const [message] = renderReply({ text: "Chọn chỉ tiêu:", choices: [{ id: "item:1", label: long }, { id: "item:2", label: "  1.2.\nSố  doanh nghiệp  " }] });
    const rows = message?.reply_markup?.inline_keyboard ?? [];
    expect(rows).toHaveLength(2);
    expect(rows[0]?.[0]?.text).toBe("1.1. Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn…");
    expect(rows[0]?.[0]?.text.length).toBeLessThanOrEqual(64);
    expect(rows[1]?.[0]?.text).toBe("1.2. Số doanh nghiệp");
  });

  it("refuses a choice id longer than Telegram's 64 bytes of callback data, saying how to fix it", () => {
    // 56 characters but 75 bytes: Vietnamese letters take 2–3 bytes each.
    const id = "report:chỉ-tiêu-tỷ-lệ-hồ-sơ-trực-tuyến-toàn-trình-cấp-xã";
    expect(id.length).toBeLessThan(64);
    expect(() => renderReply({ text: "?", choices: [{ id, label: "x" }] })).toThrow(TelegramAdapterError);
    expect(() => renderReply({ text: "?", choices: [{ id, label: "x" }] })).toThrow(/CALLBACK_DATA_TOO_LONG.*short ASCII id/);
    expect(() => renderReply({ text: "?", choices: [{ id: "a".repeat(64), label: "x" }] })).not.toThrow();
  });

  it("refuses an empty reply, an empty choice id and an empty label", () => {
    expect(() => renderReply({ text: "  ", choices: [] })).toThrow(/EMPTY_REPLY/);
    expect(() => renderReply({ text: "?", choices: [{ id: "", label: "x" }] })).toThrow(/EMPTY_CHOICE_ID/);
    expect(() => renderReply({ text: "?", choices: [{ id: "x", label: " " }] })).toThrow(/EMPTY_CHOICE_LABEL/);
  });
});

describe("splitText", () => {
  it("leaves text within the limit alone", () => {
    expect(splitText("một\nhai", 4096)).toEqual(["một\nhai"]);
  });

  it("cuts at the last line break that fits", () => {
    expect(splitText("aaaa\nbbbb\ncccc", 10)).toEqual(["aaaa\nbbbb", "cccc"]);
  });

  it("cuts a single long line at a space", () => {
    expect(splitText("một hai ba bốn năm", 8)).toEqual(["một hai", "ba bốn", "năm"]);
  });

  it("never tears a surrogate pair when there is nowhere else to cut", () => {
    const emoji = "📊".repeat(3000); // 6,000 UTF-16 code units, no spaces
    const parts = splitText(emoji, 4096);
    expect(parts.map((p) => p.length)).toEqual([4096, 1904]);
    expect(parts.join("")).toBe(emoji);
    for (const part of parts) expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it("never cuts an odd-length run of surrogate pairs in half", () => {
    const text = `x${"📊".repeat(10)}`;
    const parts = splitText(text, 6);
    expect(parts.join("")).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(6);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it("keeps a decomposed Vietnamese letter and its accents together", () => {
    const letter = "e\u0323\u0302"; // ệ typed as e + dot below + circumflex
    const text = `${"a".repeat(9)}${letter}${"b".repeat(5)}`;
    expect(splitText(text, 10)).toEqual(["a".repeat(9), `${letter}${"b".repeat(5)}`]);
  });

  it("drops blank parts, which Telegram would refuse", () => {
    expect(splitText("aaaa\n\n\n\n\n\n\n\n\n\n\n\nbbbb", 6)).toEqual(["aaaa", "bbbb"]);
  });
});
