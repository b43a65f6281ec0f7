import type { Message } from "./types.ts";

/**
 * Lines in pages of `size` entries; a group header (a key starting with `headerPrefix`) does not
 * count and stays on the page of the lines under it.
 */
export function paginateLines(lines: Message[], size: number, headerPrefix: string): Message[][] {
  const pages: Message[][] = [];
  let current: Message[] = [];
  let count = 0;
  for (const l of lines) {
    const isHeader = l.key.startsWith(headerPrefix);
    if (!isHeader && count === size) {
      pages.push(current);
      current = [];
      count = 0;
    }
    current.push(l);
    if (!isHeader) count += 1;
  }
  if (current.length) pages.push(current);
  return pages;
}
