/**
 * A comparison key for Vietnamese text typed with or without diacritics, in any case, from any
 * keyboard: "Sở Khoa học và Công nghệ" → "so khoa hoc va cong nghe", "phủ sóng 5G" → "phu song 5g".
 *
 * Kept: letters, digits, "%", "/", and "." / "," only between two digits ("1.500", "2,5") — a
 * sentence-final "." or a list "," would otherwise make "Sở Tư pháp." and "Sở Tư pháp" differ.
 * Everything else (punctuation, symbols, "&", "-") separates words.
 */
export function searchKey(text: string): string {
  return stripDiacritics(text.normalize("NFKC").toLowerCase())
    .replace(ZERO_WIDTH, "")
    .replace(/(?<!\d)[.,]|[.,](?!\d)/g, " ")
    .replace(/[^\p{L}\p{N}%/.,\s]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** "Đổi mới sáng tạo" → "Doi moi sang tao"; keeps case and everything that is not a mark. */
export function stripDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFC");
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
