import { cleanCellText } from "./clean-cell-text.ts";
import { searchKey, stripDiacritics } from "./search-key.ts";
import type { UnitKind, UnitMention } from "./types.ts";

/**
 * Unit-list cells ("Đơn vị chủ trì", "Đơn vị phối hợp", "Cơ quan theo dõi, tổng hợp") name
 * concrete units and generic groups, separated by ";", ",", "và" and "phối hợp với" — but commas
 * and "và" also occur inside names ("Sở Văn hóa, Thể thao và Du lịch") and inside generic phrases
 * ("Các sở, ban, ngành, địa phương").
 *
 * How a cell is cut:
 * 1. ";" and "phối hợp với" always separate (001 writes "Phòng X phối hợp với Sở Y" in one cell;
 *    a unit of that name never exists, so both units are better than one wrong one).
 * 2. "Các sở, ngành: Tư pháp, Công an, Nội vụ" lists departments by their short names: each item
 *    becomes its own unit, "Sở " prefixed unless it already starts with a unit head word
 *    ("Công an", "Văn phòng UBND tỉnh"). That item, prefixed, is the mention's raw text.
 * 3. Otherwise the segment is cut at "," and " và ", and a piece starts a new mention when it
 *    begins with a unit head word ("Sở Tài chính", "UBND", "Thống kê", "Công an", "Văn phòng",
 *    "Trung tâm", "Báo", "Liên hiệp", "Hiệp hội", "Bộ", "Các"...), or with a generic noun
 *    ("doanh nghiệp", "cơ quan", "viện", "trường"...) right after a concrete unit. Any other
 *    piece continues the previous mention ("ban", "ngành", "phường", "Thể thao và Du lịch").
 * 4. A mention is a group when it starts with "Các"/"Những", mentions "liên quan", "trên địa bàn",
 *    "các cấp", "các xã", is "UBND xã, phường", or starts with a generic noun followed by no
 *    proper name ("doanh nghiệp", "tổ chức chính trị - xã hội"). Its kinds come from its words
 *    (see groupKinds); a group of organisations outside the unit tree ("Các tổ chức chủ trì thực
 *    hiện nhiệm vụ", "Các Viện nghiên cứu, trường Đại học") has kinds [] and keeps its label.
 * A unit mentioned twice in one cell is kept once.
 */
export function parseUnitMentions(raw: string): UnitMention[] {
  const mentions: UnitMention[] = [];
  const seen = new Set<string>();
  for (const segment of cleanCellText(raw).split(/;|\s+(?:phối hợp với|phoi hop voi)\s+/iu)) {
    const text = tidy(segment);
    if (text === "") continue;
    for (const piece of expandDepartmentList(text) ?? mergePieces(text)) {
      const mention = toMention(piece);
      const id = mention.type === "unit" ? `u:${mention.key}` : `g:${searchKey(mention.label)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      mentions.push(mention);
    }
  }
  return mentions;
}

/** The names of a unit-list cell, one per mention, still as written (see parseUnitMentions). */
export function splitUnitList(raw: string): string[] {
  return parseUnitMentions(raw).map((m) => m.raw);
}

/**
 * One display name for the many ways a unit is written: "Sở KH&CN", "Sở KHCN", "Sở KH và CN" →
 * "Sở Khoa học và Công nghệ"; "VP UBND tỉnh" → "Văn phòng UBND tỉnh"; "Ủy ban nhân dân" → "UBND";
 * "Sở Tư Pháp" → "Sở Tư pháp". A trailing parenthesis is kept after the canonical head:
 * "Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)". Unknown names come back tidied, not changed.
 */
export function canonicalUnitName(name: string): string {
  const text = tidy(cleanCellText(name));
  const { head, note } = splitNote(text);
  const canonical = canonicalHead(head);
  return note ? `${canonical} ${note}` : canonical;
}

/**
 * The key a unit is stored and matched by: searchKey of the canonical name of the unit BEFORE any
 * parenthesis, so "Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)" is answered for by the Văn phòng.
 */
export function unitKey(name: string): string {
  return keyOf(canonicalHead(splitNote(tidy(cleanCellText(name))).head));
}

/** Official names, then the abbreviations and variants the plans use for them. */
const CANONICAL_NAMES: string[][] = [
  ["Sở Khoa học và Công nghệ", "Sở KH&CN", "Sở KHCN", "Sở KH-CN", "SKHCN", "Sở KH và CN", "Sở Khoa học Công nghệ"],
  ["Sở Nông nghiệp và Môi trường", "Sở NN&MT", "Sở NNMT", "Sở NN và MT"],
  ["Sở Tài chính", "Sở TC"],
  ["Sở Nội vụ", "Sở NV"],
  ["Sở Tư pháp", "Sở TP"],
  ["Sở Công Thương", "Sở CT"],
  ["Sở Y tế", "Sở YT"],
  ["Sở Xây dựng", "Sở XD"],
  ["Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Sở GDĐT"],
  ["Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "Sở VH,TT&DL", "Sở VHTT&DL"],
  ["Sở Dân tộc và Tôn giáo", "Sở DT&TG"],
  ["Sở Ngoại vụ"],
  ["Thanh tra tỉnh"],
  ["Văn phòng UBND tỉnh", "VP UBND tỉnh", "VPUBND tỉnh", "VP UBND", "VPUBND", "Văn phòng UBND"],
  ["Văn phòng Tỉnh ủy", "VP Tỉnh ủy"],
  ["UBND tỉnh"],
  ["Công an tỉnh", "Công an", "CA tỉnh"],
  ["Thống kê tỉnh"],
  ["Hiệp hội Doanh nghiệp tỉnh", "HHDN", "HHDN tỉnh", "Hiệp hội Doanh nghiệp"],
  ["Liên minh Hợp tác xã tỉnh", "LMHTX", "LMHTX tỉnh", "Liên minh HTX tỉnh", "Liên minh Hợp tác xã"],
  ["Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Liên hiệp các Hội KH&KT tỉnh"],
];

/** "&" and "và" are written interchangeably in abbreviations ("Sở KH&CN" = "Sở KH và CN"). */
function lookupKey(text: string): string {
  return keyOf(text).replace(/\bva\b/g, " ").replace(/\s+/g, " ").trim();
}

function keyOf(text: string): string {
  return searchKey(text).replace(/\buy ban nhan dan\b/g, "ubnd");
}

const CANONICAL_BY_KEY = new Map<string, string>(
  CANONICAL_NAMES.flatMap(([canonical = "", ...aliases]) => [canonical, ...aliases].map((a) => [lookupKey(a), canonical] as const)),
);

function canonicalHead(head: string): string {
  const spelled = head.replace(/(?<!\p{L})(?:Ủy|Uỷ|Uy) ban nh[âa]n d[âa]n(?!\p{L})/giu, "UBND");
  const key = lookupKey(spelled);
  const known = CANONICAL_BY_KEY.get(key) ?? (/^so .+ tinh$/.test(key) ? CANONICAL_BY_KEY.get(key.slice(0, -" tinh".length)) : undefined);
  return known ?? spelled;
}

function splitNote(text: string): { head: string; note?: string } {
  const m = /^(.+?)\s*(\([^()]*\))$/.exec(text);
  return m ? { head: m[1] ?? text, note: m[2] } : { head: text };
}

/** Bullets in front, and list punctuation (".", "./.", ",", ":") behind. */
function tidy(text: string): string {
  return text
    .replace(/^[\s\-+•*–—]+/, "")
    .replace(/[\s.;,:/]+$/, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Unit head words: a piece starting with one of these names a new unit or group. */
const HEADS = [
  "cac", "nhung", "ubnd", "uy ban", "hdnd", "hoi dong nhan dan", "cong an", "thong ke", "van phong", "vp", "vpubnd",
  "trung tam", "tt", "bao", "dai", "lien hiep", "lien minh", "hiep hoi", "hhdn", "lmhtx", "cuc", "chi cuc", "kho bac",
  "ngan hang", "bhxh", "bao hiem", "thanh tra", "tinh uy", "tinh doan", "mat tran", "dai hoc", "hoc vien", "benh vien",
  "toa an", "vien kiem sat", "bo chi huy", "cong ty", "tong cong ty", "tap doan", "chi nhanh", "quy",
];

/** Heads that are also generic nouns: they name a unit only when a proper name follows ("Sở Y tế", not "sở"). */
const NAMED_HEADS = ["so", "bo", "ban", "phong", "hoi"];

/**
 * Nouns that describe kinds of organisation rather than name one. Matched with diacritics when
 * the text has them: without, "Viễn thông" would read as "viện" and "Xã hội" as "xã".
 */
const GENERIC_NOUNS = [
  "sở", "ban", "ngành", "địa phương", "cơ quan", "đơn vị", "doanh nghiệp", "tổ chức", "cá nhân", "viện", "trường",
  "hội", "đoàn thể", "xã", "phường", "thị trấn", "htx", "hợp tác xã", "nhà khoa học", "đảng ủy", "đảng uỷ",
];

const GENERIC_NOUN_KEYS = [...new Set(GENERIC_NOUNS.map(searchKey))];

const GENERIC_FOLLOWERS = new Set(["ban", "nganh", "so", "dia", "don", "co", "lien", "tren", "thuoc", "cac", "tinh", "doan"]);

function startsWithWords(key: string, words: string): boolean {
  return key === words || key.startsWith(`${words} `);
}

function isHead(piece: string): boolean {
  const key = searchKey(piece);
  if (HEADS.some((h) => startsWithWords(key, h))) return true;
  const [first = "", second] = key.split(" ");
  return NAMED_HEADS.includes(first) && second !== undefined && !GENERIC_FOLLOWERS.has(second);
}

function startsWithGenericNoun(piece: string): boolean {
  if (piece === stripDiacritics(piece)) {
    const key = searchKey(piece);
    return !startsWithWords(key, "xa hoi") && GENERIC_NOUN_KEYS.some((g) => startsWithWords(key, g));
  }
  const words = piece.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return GENERIC_NOUNS.some((g) => startsWithWords(words, g));
}

/** A capitalised word after the first one ("Sở Tài chính", "Trường Đại học Thái Nguyên"); acronyms do not count. */
function hasProperName(text: string): boolean {
  return text
    .split(/\s+/)
    .slice(1)
    .some((w) => /^\p{Lu}\p{Ll}/u.test(w));
}

function isGroupText(text: string): boolean {
  const key = searchKey(text);
  if (/^(cac|nhung) /.test(key)) return true;
  if (/\b(lien quan|tren dia ban|cac cap|cac xa|cac phuong|cac so)\b/.test(key)) return true;
  if (/^(ubnd|uy ban nhan dan) (xa|phuong|thi tran)( (xa|phuong|thi tran))*$/.test(key)) return true;
  if (isHead(text)) return false;
  return startsWithGenericNoun(text) && !hasProperName(text);
}

/** Cuts a segment at "," and " và " and glues back the pieces that continue a name or phrase. */
function mergePieces(text: string): string[] {
  const parts = text.split(/(\s*,\s*|\s+(?:và|va)\s+)/iu);
  const merged: string[] = [parts[0] ?? ""];
  for (let i = 1; i < parts.length; i += 2) {
    const separator = parts[i] ?? "";
    const piece = parts[i + 1] ?? "";
    const current = merged[merged.length - 1] ?? "";
    const startsNew = isHead(piece) || (startsWithGenericNoun(piece) && !isGroupText(current));
    if (startsNew && piece !== "") merged.push(piece);
    else merged[merged.length - 1] = current + (separator.includes(",") ? ", " : ` ${separator.trim()} `) + piece;
  }
  return merged.map(tidy).filter((p) => p !== "");
}

/** "Các sở, ngành: Tư pháp, Công an, Nội vụ, Khoa học và Công nghệ, Văn phòng UBND tỉnh". */
function expandDepartmentList(text: string): string[] | undefined {
  const m = /^([^:]+):\s*(.+)$/.exec(text);
  if (!m || !/^(cac )?so( ban)?( nganh)?$/.test(searchKey(m[1] ?? ""))) return undefined;
  return (m[2] ?? "")
    .split(",")
    .map(tidy)
    .filter((item) => item !== "")
    .map((item) => (isHead(item) ? item : `Sở ${item}`));
}

function toMention(piece: string): UnitMention {
  if (isGroupText(piece)) return { type: "group", raw: piece, label: piece, kinds: groupKinds(piece) };
  return { type: "unit", raw: piece, name: canonicalUnitName(piece), key: unitKey(piece) };
}

const KIND_ORDER: UnitKind[] = ["department", "commune", "office", "agency", "enterprise_group"];

/**
 * Which kinds of unit a generic group stands for:
 * sở / ban / ngành → department; cơ quan / đơn vị → department + agency; phòng → office;
 * địa phương / xã / phường / thị trấn → commune; doanh nghiệp / hợp tác xã → enterprise_group;
 * only "(có) liên quan" → department + agency; "… thuộc Sở" → office (the department's own offices).
 * Viện, trường, tổ chức, hội add nothing: they are outside the province's unit tree.
 */
function groupKinds(label: string): UnitKind[] {
  const key = searchKey(label)
    .replace(/\btren dia ban\b.*$/, "")
    .replace(/\bhop tac xa\b/g, "htx")
    .replace(/\bxa hoi\b/g, " ");
  if (/\bthuoc so\b/.test(key)) return ["office"];
  const kinds = new Set<UnitKind>();
  if (/\b(so|ban|nganh)\b/.test(key)) kinds.add("department");
  if (/\b(co quan|don vi)\b/.test(key)) {
    kinds.add("department");
    kinds.add("agency");
  }
  if (/\bphong\b/.test(key)) kinds.add("office");
  if (/\b(dia phuong|xa|phuong|thi tran)\b/.test(key)) kinds.add("commune");
  if (/\b(doanh nghiep|htx)\b/.test(key)) kinds.add("enterprise_group");
  if (kinds.size === 0 && /\blien quan\b/.test(key)) {
    kinds.add("department");
    kinds.add("agency");
  }
  return KIND_ORDER.filter((k) => kinds.has(k));
}
