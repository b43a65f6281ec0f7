/**
 * A number as a person types it in a chat, read by one rule and refused rather than guessed:
 *
 * - digits are ASCII (or full-width, which phones' Asian keyboards send and which look the same);
 *   circled, superscript, fraction and other scripts' digits are refused ("①②" is not 12);
 * - "," is the decimal mark ("72,5", "0,73"); "." groups thousands in threes ("1.500", "1.500.000"),
 *   except that a single "." not followed by exactly three digits is the decimal point phones type
 *   ("72.5", "0.73", and "0.730" whose whole part cannot be grouped);
 * - "1.234,5" is the only mixed form; "1,234.5" and repeated commas ("12,345,678") are refused, and so
 *   is "1,500" — a comma before exactly three digits after 1–3 digits could mean 1.5 or 1500;
 * - spaces may group thousands ("1 500 000");
 * - no expressions ("7*7", "1+2"), no exponents, no bidirectional controls (a right-to-left override
 *   shows "27" as "72"), at most 15 significant digits.
 */
export type TypedNumber = { ok: true; value: number } | { ok: false; error: TypedNumberError };

export type TypedNumberError = "not_a_number" | "unusual_digits" | "bidi_control" | "expression" | "ambiguous_separator" | "too_large";

/** More significant digits than a double keeps exactly: a figure no indicator holds. */
const MAX_DIGITS = 15;

export function readTypedNumber(text: string): TypedNumber {
  const problem = hostileCharacters(text);
  if (problem) return { ok: false, error: problem };
  let s = text.normalize("NFKC").trim();
  if (/\d\s*[*×x÷^+=]\s*\d|\d\s*[eE]\s*[+-]?\d|^\(|\)$/.test(s)) return { ok: false, error: "expression" };
  if (/^\d{1,3}( \d{3})+(,\d+)?$/.test(s)) s = s.replace(/ /g, "");
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s) || /[.,]{2}/.test(s)) return { ok: false, error: "not_a_number" };
  const digits = s.replace(/^[0.,]+/, "").replace(/[.,]/g, "");
  if (digits.length > MAX_DIGITS) return { ok: false, error: "too_large" };
  const value = readDigits(s);
  return typeof value === "number" ? { ok: true, value } : { ok: false, error: value };
}

/** Characters that make a typed figure mean something other than what it shows. */
export function hostileCharacters(text: string): TypedNumberError | undefined {
  if (BIDI.test(text)) return "bidi_control";
  // A keycap "7️⃣" or a mark on a digit ("7́2") draws something else than the digit.
  if (/\d[\uFE00-\uFE0F\p{M}]/u.test(text.normalize("NFD"))) return "unusual_digits";
  for (const ch of text) {
    if (/\p{No}/u.test(ch)) return "unusual_digits";
    if (/\p{Nd}/u.test(ch) && !/[0-9\uFF10-\uFF19]/.test(ch)) return "unusual_digits";
  }
  return undefined;
}

const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

function readDigits(s: string): number | TypedNumberError {
  const dots = count(s, ".");
  const commas = count(s, ",");
  if (dots === 0 && commas === 0) return Number(s);
  if (commas > 1) return "ambiguous_separator";
  if (dots > 0 && commas === 1) {
    if (s.indexOf(",") < s.lastIndexOf(".")) return "ambiguous_separator";
    const [whole = "", fraction = ""] = s.split(",");
    if (!isGrouped(whole)) return "not_a_number";
    return Number(`${whole.split(".").join("")}.${fraction}`);
  }
  if (commas === 1) {
    const [whole = "", fraction = ""] = s.split(",");
    if (/^[1-9]\d{0,2}$/.test(whole) && /^\d{3}$/.test(fraction)) return "ambiguous_separator";
    return Number(`${whole}.${fraction}`);
  }
  if (dots > 1) return isGrouped(s) ? Number(s.split(".").join("")) : "not_a_number";
  const [whole = "", fraction = ""] = s.split(".");
  const thousands = /^[1-9]\d{0,2}$/.test(whole) && /^\d{3}$/.test(fraction);
  return thousands ? Number(whole + fraction) : Number(`${whole}.${fraction}`);
}

function isGrouped(s: string): boolean {
  const groups = s.split(".");
  return groups.length > 1 && /^[1-9]\d{0,2}$/.test(groups[0] ?? "") && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
