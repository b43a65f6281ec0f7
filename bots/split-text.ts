/**
 * Cuts text into parts of at most `limit` UTF-16 code units: at the last line break that fits, else
 * the last space, else the last grapheme boundary, so no surrogate pair, combining accent (Vietnamese
 * typed in decomposed form) or emoji sequence is torn apart. Parts are trimmed and blank ones dropped:
 * Telegram and Zalo both refuse an empty message.
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const lineBreak = window.lastIndexOf("\n");
    const space = window.lastIndexOf(" ");
    const [cut, skip] = lineBreak > 0 ? [lineBreak, 1] : space > 0 ? [space, 1] : [graphemeBoundaryAtOrBefore(rest, limit), 0];
    pushPart(parts, rest.slice(0, cut));
    rest = rest.slice(cut + skip);
  }
  pushPart(parts, rest);
  return parts;
}

function pushPart(parts: string[], part: string): void {
  const trimmed = part.trim();
  if (trimmed !== "") parts.push(trimmed);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The largest grapheme boundary ≤ max; a code point boundary when a single grapheme is longer than max. */
export function graphemeBoundaryAtOrBefore(text: string, max: number): number {
  let boundary = 0;
  // A boundary depends only on nearby characters: a little look-ahead past `max` is enough.
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 32))) {
    const end = index + segment.length;
    if (end > max) break;
    boundary = end;
  }
  if (boundary > 0) return boundary;
  const lowSurrogate = /[\uDC00-\uDFFF]/.test(text.charAt(max));
  return lowSurrogate ? max - 1 : max;
}
