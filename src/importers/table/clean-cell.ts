export interface CleanCell {
  text: string;
  /** The whole cell was italic: `<i>Cấp tỉnh</i>`, `*Cấp xã*`. */
  italic: boolean;
}

/**
 * Removes the markup the Word/PDF extraction leaves inside cells (HTML tags, markdown emphasis,
 * entities) and collapses whitespace. LaTeX (`$\geq 3\%$`) is kept: parseTarget reads it.
 */
export function cleanCell(raw: string): CleanCell {
  const trimmed = raw.trim();
  const italic = WHOLE_ITALIC.some((re) => re.test(trimmed));
  const text = trimmed
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<\/?(?:b|i|u|em|strong|span|sup|sub|p|div|font|s)(?:\s[^>]*)?>/gi, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/^\*([^*]+)\*$/, "$1")
    .replace(/^_([^_]+)_$/, "$1")
    .replace(/\s+/g, " ")
    // The extraction pads quoted italics: "“ <i>Hạ tầng số</i> ”".
    .replace(/“\s+/g, "“")
    .replace(/\s+”/g, "”")
    .trim();
  return { text, italic };
}

const WHOLE_ITALIC = [/^<(i|em)>[\s\S]*<\/\1>$/i, /^\*[^*][\s\S]*[^*]\*$/, /^_[^_][\s\S]*_$/];
