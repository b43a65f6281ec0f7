/**
 * A typed word that is no word of the person's item names, repaired when exactly one repair makes
 * it one: a leftover telex or VNI tone key ("phur" → "phu", "sonsg" → "song", "so4" → "so"), a
 * doubled telex vowel ("chuyeen" → "chuyen"), then, for words of five letters or more, one letter
 * missing, extra, swapped with its neighbour or mistyped. Short words are never guessed at.
 */
export function correctTypo(word: string, vocabulary: ReadonlySet<string>): string | undefined {
  if (vocabulary.has(word) || word.length < 3 || /^\d/.test(word)) return undefined;
  const telex = unique(telexRepairs(word).filter((w) => vocabulary.has(w)));
  if (telex.length === 1) return telex[0];
  if (telex.length > 1 || word.length < 5) return undefined;
  const near: string[] = [];
  for (const w of vocabulary) if (w.length >= 4 && Math.abs(w.length - word.length) <= 1 && oneEditApart(word, w)) near.push(w);
  return near.length === 1 ? near[0] : undefined;
}

/** One letter missing, extra or swapped with its neighbour; a mistyped letter only in words of six letters or more. */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    let i = 0;
    while (a[i] === b[i]) i++;
    if (a.slice(i + 2) === b.slice(i + 2) && a[i] === b[i + 1] && a[i + 1] === b[i]) return true;
    return a.length >= 6 && a.slice(i + 1) === b.slice(i + 1);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Telex tone keys (s f r x j), telex vowel keys (aa ee oo dd aw ow uw w) and VNI digits (1–9) left in a word. */
export function telexRepairs(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) if (/[sfrxj1-9]/.test(word[i]!)) out.push(word.slice(0, i) + word.slice(i + 1));
  const collapsed = word.replace(/dd/g, "d").replace(/([aeo])\1/g, "$1").replace(/([aou])w/g, "$1").replace(/w/g, "u");
  if (collapsed !== word) {
    out.push(collapsed);
    for (let i = 1; i < collapsed.length; i++) if (/[sfrxj1-9]/.test(collapsed[i]!)) out.push(collapsed.slice(0, i) + collapsed.slice(i + 1));
  }
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
