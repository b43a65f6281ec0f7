import { describe, expect, it } from "vitest";
import { createTranslator, loadLocaleResources, locales } from "../../src/i18n/translator.ts";

/** Every message as "a.b.c" → text. */
function flatten(tree: Record<string, unknown>, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else if (v && typeof v === "object") for (const [kk, vv] of flatten(v as Record<string, unknown>, key)) out.set(kk, vv);
  }
  return out;
}

/** Words that point at a button: they must not reach a channel without buttons. */
const buttonWords = /(?<!\p{L})(?:bấm|nút|press|tap|button)(?!\p{L})/iu;
/** Only ever answered to a button press, which a channel without buttons cannot make. */
const pressOnly = new Set(["choice.expired_in_flow"]);

describe("wording per channel: `<key>_typed` for channels without buttons", () => {
  const resources = loadLocaleResources();

  it("gives every message that mentions a button a typed variant, in both languages, and the variants mention none", () => {
    for (const locale of locales) {
      const messages = flatten(resources[locale]);
      for (const [key, text] of messages) {
        if (key.endsWith("_typed")) {
          expect(messages.has(key.slice(0, -"_typed".length)), `${locale}: ${key} varies an existing key`).toBe(true);
          expect(text, `${locale}: ${key}`).not.toMatch(buttonWords);
        } else if (buttonWords.test(text) && !pressOnly.has(key)) {
          expect(messages.has(`${key}_typed`), `${locale}: "${key}" mentions a button; add ${key}_typed for Zalo`).toBe(true);
        }
      }
    }
  });

  it("renders the typed variant only for a channel without buttons, nested messages included", () => {
    const t = createTranslator("vi");
    expect(t.t("vi", { key: "menu.title" })).toContain("Bấm nút");
    expect(t.t("vi", { key: "menu.title" }, { buttons: true })).toContain("Bấm nút");
    expect(t.t("vi", { key: "menu.title" }, { buttons: false })).not.toMatch(buttonWords);
    expect(t.t("en", { key: "evidence.ask" }, { buttons: false })).toBe("Send a photo as evidence, or paste a link to the document (e.g. https://…), if you have one. If not, choose \"Skip\".");
    // A key without a variant renders as it is.
    expect(t.t("vi", { key: "button.skip" }, { buttons: false })).toBe("Bỏ qua");
    expect(t.t("vi", { key: "value.unusual", params: { value: { key: "button.skip" }, previous: "1", target: "2" } }, { buttons: false })).toContain("Bỏ qua");
  });
});
