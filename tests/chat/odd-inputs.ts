/**
 * The odd-or-hostile-input corpus, by category: what officials' phones, copy-paste and the curious
 * actually send. tests/chat/odd-inputs.test.ts sends every input in each situation its category
 * names and checks that the reply is localized, that nothing crashed, nothing leaked and nothing was
 * stored. Expectations are only written where the behaviour is the point of the input (a figure
 * format and what it must be read as, a command that must still be understood).
 */

/** Where the conversation stands when the input arrives. */
export type Situation =
  /** A chat account that never sent a valid invite code. */
  | "unlinked"
  /** The Vietnamese focal point of Sở KH&CN (0912000001), no flow in progress. */
  | "idle"
  /** The same person at the "enter value" step of the 5G coverage indicator (percent, target ≥95). */
  | "entering_percent"
  /** The same person at the "enter value" step of II.5 "Số cán bộ nghiên cứu KH-CN toàn tỉnh" (count, ≥ 650). */
  | "entering_count"
  /** The English-speaking focal point of Thống kê tỉnh (0912000007), no flow in progress. */
  | "english_idle"
  /** The same person at the "enter value" step of II.1 (percent, target ≥ 3%). */
  | "english_entering";

export type ValueError =
  | "empty"
  | "not_a_number"
  | "percent_out_of_range"
  | "not_whole"
  | "negative"
  | "has_comparator"
  | "percent_for_count"
  | "too_long"
  | "unusual_digits"
  | "bidi_control"
  | "expression"
  | "ambiguous_separator"
  | "too_large"
  | "approximate"
  | "range"
  | "unit_mismatch"
  | "several_figures";

export type DevChatAttachment =
  | { kind: "photo" | "document"; fileId: string; fileName?: string; mimeType?: string; sizeBytes?: number }
  | { kind: "sticker" | "voice" | "video" | "audio" | "location" | "contact" | "other" };

export interface OddInput {
  /** How the test output names it when the text is long, invisible or absent. */
  name?: string;
  /** The text or caption as sent; absent means no text field at all. */
  text?: string;
  attachment?: DevChatAttachment;
  /** A button id as a client could forge it. */
  choice?: string;
  /** At a percentage "enter value" step: the figure it must be read as, or the error it must get. */
  percent?: number | ValueError;
  /** At the count "enter value" step (II.5). */
  count?: number | ValueError;
  /** Text some reply must contain in that situation (e.g. NFD "báo cáo" still starts a report). */
  expect?: Partial<Record<Situation, string[]>>;
  /** Text no reply may contain in any situation (e.g. a template the input tried to inject). */
  never?: string[];
}

export interface OddCategory {
  category: string;
  situations: Situation[];
  inputs: OddInput[];
}

const allVi: Situation[] = ["unlinked", "idle", "entering_percent"];
const withEnglish: Situation[] = [...allVi, "english_idle", "english_entering"];

/** What each situation's reply to the report command starts with. */
export const REPORT_STARTED: Partial<Record<Situation, string[]>> = {
  idle: ["Chọn chỉ tiêu/nhiệm vụ cần báo cáo"],
  entering_percent: ["Chọn chỉ tiêu/nhiệm vụ cần báo cáo"],
  english_idle: ["Which indicator or task are you reporting?"],
  english_entering: ["Which indicator or task are you reporting?"],
};
const LIST_SHOWN: Partial<Record<Situation, string[]>> = { idle: ["Chỉ tiêu, nhiệm vụ của anh/chị:"], english_idle: ["Your indicators and tasks:"] };
const CANCELLED: Partial<Record<Situation, string[]>> = { entering_percent: ["Đã hủy. Chưa có gì được lưu."], english_entering: ["Cancelled. Nothing was saved."] };
const NOT_LINKED: Partial<Record<Situation, string[]>> = { unlinked: ["chưa được liên kết"] };

const vietnameseSentence = "Sở Khoa học và Công nghệ báo cáo tiến độ thực hiện chỉ tiêu phủ sóng 5G đạt 72,5% trong quý IV. ";
function vietnamese(length: number): string {
  return vietnameseSentence.repeat(Math.ceil(length / vietnameseSentence.length)).slice(0, length);
}
const NFD = (s: string) => s.normalize("NFD");

export const oddInputs: OddCategory[] = [
  {
    category: "number formats",
    situations: withEnglish,
    inputs: [
      { text: "72", percent: 72 },
      { text: "72%", percent: 72 },
      { text: "72,5", percent: 72.5 },
      { text: "72.5", percent: 72.5 },
      { text: "72,5%", percent: 72.5 },
      { text: "72.5%", percent: 72.5 },
      { text: "72 %", percent: 72 },
      { text: "72,5 %", percent: 72.5 },
      { text: " 72 ", percent: 72 },
      { text: "\t72\t", percent: 72 },
      { text: "72.50", percent: 72.5 },
      { text: "99,99", percent: 99.99 },
      { text: "100,0", percent: 100 },
      { text: "1.500", percent: "percent_out_of_range" },
      { text: "1,500", percent: "ambiguous_separator" },
      { text: "1 500", percent: "percent_out_of_range" },
      { text: "1.234,5", percent: "percent_out_of_range" },
      { text: "1,234.5", percent: "ambiguous_separator" },
      { text: "1.500.000", percent: "percent_out_of_range" },
      { text: "72.500", percent: "percent_out_of_range" },
      { text: "0,73", percent: 0.73 },
      { text: "0.730", percent: 0.73 },
      { text: "01", percent: 1 },
      { text: "007", percent: 7 },
      { text: "-5", percent: "negative" },
      { text: "−5", name: "U+2212 minus 5", percent: "negative" },
      { text: "+3", percent: 3 },
      { text: "1e3", percent: "not_a_number" },
      { text: "3.14e1", percent: "not_a_number" },
      { text: "0x1F", percent: "not_a_number" },
      { text: "0b101", percent: "not_a_number" },
      { text: "Infinity", percent: "not_a_number" },
      { text: "-Infinity", percent: "not_a_number" },
      { text: "NaN", percent: "not_a_number" },
      { text: "٣", name: "Arabic-Indic three", percent: "unusual_digits" },
      { text: "٧٢", name: "Arabic-Indic 72", percent: "unusual_digits" },
      { text: "۷۲", name: "Persian 72", percent: "unusual_digits" },
      { text: "７２", name: "full-width 72", percent: 72 },
      { text: "７２％", name: "full-width 72%", percent: 72 },
      { text: "≥ 70", percent: "has_comparator" },
      { text: ">=70", percent: "has_comparator" },
      { text: "~70", percent: "approximate" },
      { text: "khoảng 70", percent: "approximate" },
      { text: "70-80", percent: "range" },
      { text: "70 - 80%", percent: "range" },
      { text: "1/2", percent: "not_a_number" },
      { text: "½", percent: "unusual_digits" },
      { text: "72%%", percent: "not_a_number" },
      { text: "72,,5", percent: "not_a_number" },
      { text: "72..5", percent: "not_a_number" },
      { text: "72.5.1", percent: "not_a_number" },
      { text: "72.", name: "72 and a full stop, as a sentence ends", percent: 72 },
      { text: ",5", percent: "not_a_number" },
      { text: "7 2", percent: "several_figures" },
      { text: "72.", name: "72 and a full stop, as a sentence ends", percent: 72 },
      { text: "72.", name: "72 and a full stop, as a sentence ends", percent: 72 },
      { text: "bảy mươi hai", percent: "not_a_number" },
      { text: "seventy-two", percent: "not_a_number" },
      { text: "七十二", percent: "not_a_number" },
    ],
  },
  {
    category: "out-of-range values",
    situations: [...allVi, "entering_count", "english_entering"],
    inputs: [
      { text: "101", percent: "percent_out_of_range", count: 101 },
      { text: "100,01", percent: "percent_out_of_range", count: "not_whole" },
      { text: "100", percent: 100, count: 100 },
      { text: "0", percent: 0, count: 0 },
      { text: "-0", percent: 0, count: 0 },
      { text: "-1", percent: "negative", count: "negative" },
      { text: "-0,5", percent: "negative", count: "negative" },
      { text: "1000000000000", percent: "percent_out_of_range", count: 1_000_000_000_000 },
      { text: "1.000.000.000.000", percent: "percent_out_of_range", count: 1_000_000_000_000 },
      { text: "9".repeat(40), name: "forty nines", percent: "too_large", count: "too_large" },
      { text: "9".repeat(65), name: "sixty-five nines (longer than a figure)", percent: "not_a_number", count: "not_a_number" },
      { text: "0,0000001", percent: 0.0000001, count: "not_whole" },
    ],
  },
  {
    category: "units that do not match",
    situations: [...allVi, "entering_count"],
    inputs: [
      { text: "72%", percent: 72, count: "percent_for_count" },
      { text: "65 %", percent: 65, count: "percent_for_count" },
      { text: "650 người", percent: "unit_mismatch", count: 650 },
      { text: "650 cán bộ", percent: "unit_mismatch", count: 650 },
      { text: "5 tỷ đồng", percent: "unit_mismatch", count: "unit_mismatch" },
      { text: "72 phần trăm", percent: 72, count: "percent_for_count" },
      { text: "72 percent", percent: 72, count: "percent_for_count" },
      { text: "17/34", percent: "not_a_number", count: "not_a_number" },
      { text: "hạng 17", percent: "not_a_number", count: "not_a_number" },
      { text: "650,5", percent: "percent_out_of_range", count: "not_whole" },
      { text: "0,65", percent: 0.65, count: "not_whole" },
      { text: "Đã hoàn thành", percent: "not_a_number", count: "not_a_number" },
    ],
  },
  {
    category: "emoji, stickers, voice and other media",
    situations: withEnglish,
    inputs: [
      { text: "👍" },
      { text: "😀😀😀" },
      { text: "❤️" },
      { text: "👨‍👩‍👧", name: "family emoji (ZWJ sequence)" },
      { text: "🇻🇳" },
      { text: "7️⃣2️⃣", name: "keycap 7 2", percent: "unusual_digits" },
      { text: "72 👍", percent: "not_a_number" },
      { text: "😀".repeat(30), name: "thirty emoji (cut when echoed)", percent: "not_a_number" },
      { attachment: { kind: "sticker" }, expect: { idle: ["nhãn dán"], english_idle: ["stickers"] } },
      { attachment: { kind: "voice" }, expect: { idle: ["tin nhắn thoại"], english_idle: ["voice messages"] } },
      { attachment: { kind: "video" } },
      { attachment: { kind: "audio" } },
      { attachment: { kind: "location" } },
      { attachment: { kind: "contact" } },
      { attachment: { kind: "other" } },
      { attachment: { kind: "photo", fileId: "odd-photo-1" }, name: "photo outside a report" },
      { attachment: { kind: "document", fileId: "odd-doc-1", fileName: "bao-cao.pdf", mimeType: "application/pdf" }, name: "document outside a report" },
      { attachment: { kind: "photo", fileId: "odd-photo-2" }, text: "72", name: "photo with caption 72", percent: 72 },
      { attachment: { kind: "sticker" }, text: "👍", name: "sticker with an emoji caption" },
      { attachment: { kind: "voice" }, text: "", name: "voice with an empty caption" },
    ],
  },
  {
    category: "long texts",
    situations: withEnglish,
    inputs: [
      { text: vietnamese(2000), name: "2,000 characters of Vietnamese (the limit)", percent: "not_a_number" },
      { text: vietnamese(2001), name: "2,001 characters of Vietnamese", expect: { idle: ["Tin nhắn quá dài"], unlinked: ["Tin nhắn quá dài"], english_idle: ["too long"] } },
      { text: vietnamese(4000), name: "4,000 characters of Vietnamese", expect: { idle: ["Tin nhắn quá dài"] } },
      { text: vietnamese(4096), name: "4,096 characters of Vietnamese" },
      { text: vietnamese(10_000), name: "10,000 characters of Vietnamese" },
      { text: "7".repeat(2000), name: "2,000 sevens", percent: "not_a_number" },
      { text: "😀".repeat(1000), name: "1,000 emoji (2,000 UTF-16 units)", percent: "not_a_number" },
      { text: Array.from({ length: 200 }, (_, i) => `Dòng ${i + 1}: 72`).join("\n"), name: "a 200-line message (2,491 characters)", expect: { idle: ["Tin nhắn quá dài"] } },
      { text: "a\n".repeat(200), name: "a 200-line message of one letter per line", percent: "not_a_number" },
      { text: "72\n".repeat(200), name: "200 lines of 72", percent: "not_a_number" },
      { text: `${"\u200B".repeat(3000)}72`, name: "3,000 zero-width spaces then 72", percent: 72 },
      { text: `5G ${"7".repeat(1990)}`, name: "5G and a 1,990-digit figure" },
    ],
  },
  {
    category: "zero-width and combining characters",
    situations: withEnglish,
    inputs: [
      { text: "bá\u200Bo cáo", name: "báo cáo with a zero-width space", expect: REPORT_STARTED },
      { text: "\u2060báo\u200Ccáo\u200D", name: "báo cáo with word joiner, ZWNJ and ZWJ", expect: REPORT_STARTED },
      { text: "\uFEFFbáo cáo", name: "báo cáo after a byte-order mark", expect: REPORT_STARTED },
      { text: "b\u00ADáo c\u00ADáo", name: "báo cáo with soft hyphens", expect: REPORT_STARTED },
      { text: "báo\u00A0cáo", name: "báo cáo with a no-break space", expect: REPORT_STARTED },
      { text: "báo\u3000cáo", name: "báo cáo with an ideographic space", expect: REPORT_STARTED },
      { text: "\u202Ebáo cáo", name: "báo cáo after a right-to-left override", expect: REPORT_STARTED },
      { text: NFD("báo cáo"), name: "NFD báo cáo (combining accents)", expect: REPORT_STARTED },
      { text: NFD("Báo Cáo"), name: "NFD Báo Cáo", expect: REPORT_STARTED },
      { text: NFD("BÁO CÁO"), name: "NFD BÁO CÁO", expect: REPORT_STARTED },
      { text: NFD("chỉ tiêu"), name: "NFD chỉ tiêu", expect: LIST_SHOWN },
      { text: NFD("hủy"), name: "NFD hủy", expect: CANCELLED },
      { text: "hu\u0309y", name: "hủy typed as u + combining hook (VNI-style)", expect: CANCELLED },
      { text: "b\u0337a\u0301\u0334o\u0335 c\u0338a\u0301\u0336o\u0337", name: "zalgo báo cáo", expect: REPORT_STARTED },
      { text: "ba\u0301o ca\u0301o\uFE0F", name: "báo cáo with a variation selector", expect: REPORT_STARTED },
      { text: "7\u200B2", name: "7, zero-width space, 2", percent: 72 },
      { text: "7\u20622", name: "7, invisible times, 2", percent: 72 },
      { text: "1\u00A0500", name: "1 500 with a no-break space", percent: "percent_out_of_range" },
      { text: "7\u03012", name: "7, combining acute, 2", percent: "unusual_digits" },
      { text: "\u0301\u0301\u0301", name: "three lone combining accents" },
      { text: "\uD83D", name: "a lone high surrogate", percent: "empty" },
      { text: "72\uDE00", name: "72 and a lone low surrogate", percent: 72 },
      { text: "\u0000\u0001\u0007", name: "control characters only" },
      { text: "7\u00002", name: "7, NUL, 2", percent: 72 },
    ],
  },
  {
    category: "SQL-looking text",
    situations: withEnglish,
    inputs: [
      { text: "'; DROP TABLE reports; --" },
      { text: "1 OR 1=1" },
      { text: "' OR '1'='1" },
      { text: "1; DELETE FROM reports" },
      { text: "5G 72; DROP TABLE reports" },
      { text: "Robert'); DROP TABLE people;--" },
      { text: "UNION SELECT name, phone FROM people" },
      { text: "DM-KHCN' OR '1'='1" },
      { text: "%" },
      { text: "_" },
    ],
  },
  {
    category: "HTML, Markdown and template text",
    situations: withEnglish,
    inputs: [
      { text: "<b>72</b>", percent: "not_a_number" },
      { text: "<i>72,5</i>%", percent: "not_a_number" },
      { text: "<script>alert(1)</script>", percent: "not_a_number" },
      { text: '<img src=x onerror="alert(1)">' },
      { text: "<a href='javascript:alert(1)'>báo cáo</a>" },
      { text: "*72*", percent: 72 },
      { text: "**72**", percent: 72 },
      { text: "_72_", percent: "not_a_number" },
      { text: "`72`", percent: "not_a_number" },
      { text: "~~72~~", percent: "not_a_number" },
      { text: "[72](https://example.com)", percent: "not_a_number" },
      { text: "&#55;&#50;", name: "72 as HTML entities (shown as typed: no figure)", percent: "several_figures" },
      { text: "&lt;b&gt;72&lt;/b&gt;" },
      { text: "$\\geq 70\\%$", name: "LaTeX ≥ 70% (shown as typed: no figure)", percent: "not_a_number" },
      { text: "{{name}}", never: ["Nguyễn Thị Lan", "Nguyễn Minh Anh"] },
      { text: "$t(help.intro)", never: ["Báo cáo nhanh một dòng", "Quick one-line report"] },
      { text: "$t(link.welcome, {\"name\": \"x\"})", never: ["Tài khoản đã được liên kết", "This account is now linked"] },
      { text: "${process.env.ADMIN_TOKEN}" },
      { text: "%s %d %n" },
      { text: "undefined" },
      { text: "null" },
      { text: "[object Object]" },
      { text: "__proto__" },
      { text: '{"constructor":{"prototype":{"x":1}}}' },
    ],
  },
  {
    category: "commands, known and unknown",
    situations: withEnglish,
    inputs: [
      { text: "/foo" },
      { text: "/FOO" },
      { text: "/" },
      { text: "//" },
      { text: "/start@other_bot" },
      { text: "/baocao@chitieu_test_bot", expect: REPORT_STARTED },
      { text: "/BAOCAO", expect: REPORT_STARTED },
      { text: "/báo_cáo" },
      { text: "/baocao 5G" },
      { text: "/ baocao" },
      { text: "!baocao" },
      { text: "\\baocao" },
      { text: "/quahan" },
      { text: "/tonghop" },
      { text: "/nhac" },
      { text: "/help me please" },
      { text: "/chitieu", expect: LIST_SHOWN },
      { text: "bao cao", expect: REPORT_STARTED },
      { text: "BÁO CÁO!!!", expect: REPORT_STARTED },
      { text: "báo\ncáo", name: "báo / cáo on two lines", expect: REPORT_STARTED },
      { choice: "c99", name: "a button that was never offered" },
      { choice: "__proto__", name: "a forged button id __proto__" },
      { choice: "c1\u0000", name: "a forged button id with NUL" },
    ],
  },
  {
    category: "Telegram-style deep links",
    situations: withEnglish,
    inputs: [
      { text: "/start" },
      { text: "/start@chitieu_test_bot" },
      { text: `/start ${"A".repeat(100)}`, name: "/start and a 100-character payload" },
      { text: `/start ${"a1_-".repeat(16)}`, name: "/start and a 64-character payload" },
      { text: "/start ../../etc/passwd" },
      { text: "/start DM-XXXX" },
      { text: "/start%20DM-XXXX" },
      { text: "/start <script>" },
      { text: "/start   " },
    ],
  },
  {
    category: "invite-code-looking text",
    situations: allVi,
    inputs: [
      { text: "DM-KHCNX", expect: { unlinked: ['Mã "DM-KHCNX" không đúng'] } },
      { text: "DM_KHCN", name: "DM_KHCN (no digit, no dash: a word, not a code)", expect: NOT_LINKED },
      { text: "DM KHCN", expect: NOT_LINKED },
      { text: "DM - KHCN", expect: NOT_LINKED },
      { text: "mã mời: AB-1234", expect: { unlinked: ['Mã "AB-1234" không đúng'] } },
      { text: "code 12345", expect: { unlinked: ['Mã "12345" không đúng'] } },
      { text: "0000", expect: { unlinked: ['Mã "0000" không đúng'] } },
      { text: `X-${"9".repeat(40)}`, name: "a 42-character code", expect: NOT_LINKED },
      { text: "DM-KHCN", name: "a code someone else already used", expect: { unlinked: ['Mã "DM-KHCN" đã được dùng'] } },
      { text: "  dm-khcn  ", name: "that used code, lower case with spaces", expect: { unlinked: ['Mã "DM-KHCN" đã được dùng'] } },
      { text: "DM\u200B-KHCN", name: "that used code with a zero-width space", expect: { unlinked: ['Mã "DM-KHCN" đã được dùng'] } },
    ],
  },
  {
    category: "right-to-left, CJK and other scripts",
    situations: withEnglish,
    inputs: [
      { text: "مرحبا", percent: "not_a_number" },
      { text: "שלום 72", percent: "not_a_number" },
      { text: "\u202E72", name: "right-to-left override then 72 (shows 27 reversed: refused)", percent: "bidi_control" },
      { text: "\u200F72\u200E", name: "72 between RLM and LRM", percent: 72 },
      { text: "你好", percent: "not_a_number" },
      { text: "报告", percent: "not_a_number" },
      { text: "こんにちは" },
      { text: "안녕하세요" },
      { text: "Привет" },
      { text: "Ελληνικά" },
      { text: "हिन्दी" },
      { text: "ภาษาไทย" },
    ],
  },
  {
    category: "punctuation and whitespace only",
    situations: withEnglish,
    inputs: [
      { text: "...", percent: "not_a_number" },
      { text: "???" },
      { text: "?", name: "a lone question mark (help)" },
      { text: "!!!" },
      { text: "-", percent: "not_a_number" },
      { text: "." },
      { text: "," },
      { text: "@" },
      { text: "#" },
      { text: "#1" },
      { text: "\\" },
      { text: "", name: "empty text", percent: "empty" },
      { name: "no text at all", percent: "empty" },
      { text: "   ", name: "spaces", percent: "empty" },
      { text: "\t\t", name: "tabs", percent: "empty" },
      { text: "\n\n\n", name: "newlines only", percent: "empty" },
      { text: "\r\n", name: "CRLF only", percent: "empty" },
      { text: "\u00A0\u00A0", name: "no-break spaces", percent: "empty" },
      { text: "\u3000", name: "an ideographic space", percent: "empty" },
      { text: "\u200B\u200B", name: "zero-width spaces only", percent: "empty" },
    ],
  },
];

/**
 * A stored session as the odd-input tests compare it: where the conversation is and what it
 * offers, without the offer counter (each offer, even the same menu again, gets a new one).
 */
export function sessionShape<S>(stored: S): S {
  if (!stored || typeof stored !== "object") return stored;
  const { offerSeq: _seq, ...rest } = stored as Record<string, unknown>;
  const offered = Array.isArray(rest.offered) ? rest.offered.map((c: { id?: unknown }) => ({ ...c, id: String(c.id).replace(/\.[0-9a-z]+$/, "") })) : rest.offered;
  return { ...rest, offered } as S;
}
