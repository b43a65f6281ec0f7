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
  const near = unique(editsOf(word).filter((w) => w.length >= 4 && vocabulary.has(w)));
  return near.length === 1 ? near[0] : undefined;
}

/** Telex tone keys (s f r x j), telex vowel keys (aa ee oo dd aw ow uw w) and VNI digits (1–9) left in a word. */
function telexRepairs(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) if (/[sfrxj1-9]/.test(word[i]!)) out.push(word.slice(0, i) + word.slice(i + 1));
  const collapsed = word.replace(/dd/g, "d").replace(/([aeo])\1/g, "$1").replace(/([aou])w/g, "$1").replace(/w/g, "u");
  if (collapsed !== word) {
    out.push(collapsed);
    for (let i = 1; i < collapsed.length; i++) if (/[sfrxj1-9]/.test(collapsed[i]!)) out.push(collapsed.slice(0, i) + collapsed.slice(i + 1));
  }
  return out;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function editsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  for (let i = 0; i + 1 < word.length; i++) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i <= word.length; i++) for (const c of LETTERS) out.push(word.slice(0, i) + c + word.slice(i));
  if (word.length >= 6) for (let i = 0; i < word.length; i++) for (const c of LETTERS) if (c !== word[i]) out.push(word.slice(0, i) + c + word.slice(i + 1));
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
