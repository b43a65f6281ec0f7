import { describe, expect, it } from "vitest";
import { chooseHint } from "../../bots/zalo/choose-hint.ts";
import { renderTextReply } from "../../bots/zalo/render-text-reply.ts";
import { typeWordsHint } from "../../bots/zalo/type-words-hint.ts";
import { createTranslator } from "../../src/i18n/translator.ts";

const translator = createTranslator("vi");
const vi = { maxTextLength: 2000, hint: chooseHint(translator, "vi"), wordsHint: typeWordsHint(translator, "vi") };
const en = { maxTextLength: 2000, hint: chooseHint(translator, "en"), wordsHint: typeWordsHint(translator, "en") };
const choices = (...labels: string[]) => labels.map((label, i) => ({ id: `c${i + 1}`, label }));
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("a reply as Zalo texts", () => {
  it("appends the choices as a numbered list with a hint naming each number", () => {
    expect(renderTextReply({ text: "Anh/chị muốn làm gì?", choices: choices("Báo cáo", "Chỉ tiêu của tôi", "Sửa số liệu") }, vi)).toEqual([
      "Anh/chị muốn làm gì?\n\n1. Báo cáo\n2. Chỉ tiêu của tôi\n3. Sửa số liệu\nTrả lời 1, 2 hoặc 3.",
    ]);
  });

  it("gives a range for many choices, a single number for one, and English for an English reader", () => {
    const nine = renderTextReply({ text: "Chọn chỉ tiêu:", choices: choices(...Array.from({ length: 9 }, (_, i) => `Mục ${i + 1}`)) }, vi)[0]!;
    expect(nine).toMatch(/\n9\. Mục 9\nTrả lời một số từ 1 đến 9\.$/);
    expect(renderTextReply({ text: "Hủy?", choices: choices("Hủy") }, vi)).toEqual(["Hủy?\n\n1. Hủy\nTrả lời 1."]);
    expect(renderTextReply({ text: "Save?", choices: choices("Save", "Cancel") }, en)).toEqual(["Save?\n\n1. Save\n2. Cancel\nReply 1 or 2."]);
  });

  it("names the choices as words where a typed number would be a figure", () => {
    expect(renderTextReply({ text: "Ghi chú?", choices: choices("Bỏ qua", "Hủy") }, { ...vi, typedNumbersAreValues: true })).toEqual(['Ghi chú?\n\nGõ "Bỏ qua" hoặc "Hủy".']);
    expect(renderTextReply({ text: "Value?", choices: choices("Cancel") }, { ...en, typedNumbersAreValues: true })).toEqual(['Value?\n\nType "Cancel".']);
  });

  it("keeps a reply without choices as it is, and flattens a label's line breaks", () => {
    expect(renderTextReply({ text: "  Đã hủy.  ", choices: [] }, vi)).toEqual(["Đã hủy."]);
    expect(renderTextReply({ text: "?", choices: choices("Hai\ndòng") }, vi)[0]).toContain("\n1. Hai dòng\n");
  });

  it("splits a long text at line breaks into parts of at most 2,000 characters and keeps the list with the last part", () => {
    const lines = Array.from({ length: 80 }, (_, i) => `• [${i + 1}] Tỷ lệ hồ sơ xử lý trực tuyến toàn trình của đơn vị số ${i + 1}`);
    const parts = renderTextReply({ text: lines.join("\n"), choices: choices("Xem thêm", "Hủy") }, vi);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.slice(0, -1).some((p) => p.includes("Trả lời"))).toBe(false);
    expect(parts.at(-1)).toMatch(/\n\n1\. Xem thêm\n2\. Hủy\nTrả lời 1 hoặc 2\.$/);
    // Cut only between lines: every line arrives whole, in order.
    expect(parts.join("\n").replace(/\n\n1\. Xem thêm[\s\S]*$/, "").split("\n")).toEqual(lines);
  });

  it("moves the question's last lines next to the list when the list would not fit under the last part", () => {
    const text = `${"Dòng mở đầu.\n".repeat(152)}Câu hỏi cuối?`;
    expect(text.length).toBeLessThanOrEqual(2000);
    const parts = renderTextReply({ text, choices: choices("Lưu", "Hủy") }, vi);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatch(/^(Dòng mở đầu\.\n)+Dòng mở đầu\.$/);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.at(-1)).toMatch(/Câu hỏi cuối\?\n\n1\. Lưu\n2\. Hủy\nTrả lời 1 hoặc 2\.$/);
  });

  it("never cuts a surrogate pair or an emoji sequence when a line has no break or space to cut at", () => {
    const text = "😀".repeat(1500) + "👨‍👩‍👧".repeat(200);
    const parts = renderTextReply({ text, choices: [] }, { ...vi, maxTextLength: 2000 });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(p).not.toMatch(loneSurrogate);
    }
    expect(parts.join("")).toBe(text);
  });

  it("cuts an over-long line at a space", () => {
    const words = Array.from({ length: 600 }, (_, i) => `từ${i}`).join(" ");
    const parts = renderTextReply({ text: words, choices: [] }, vi);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    expect(parts.join(" ")).toBe(words);
  });
});
