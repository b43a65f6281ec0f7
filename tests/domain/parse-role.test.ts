import { describe, expect, it } from "vitest";
import { parseRoles } from "../../src/domain/parse-role.ts";
import { roles } from "../../src/domain/roles.ts";
import { createTranslator } from "../../src/i18n/translator.ts";

describe("parseRoles", () => {
  it("reads back every role by the name the CLI and the console print, in both languages (a list printed is a list to import)", () => {
    const translator = createTranslator("vi");
    for (const locale of ["vi", "en"] as const) {
      for (const role of roles) expect(parseRoles(translator.t(locale, { key: `role.name.${role}` })), `${locale} ${role}`).toEqual({ roles: [role], unknown: [] });
    }
    expect(parseRoles("Lãnh đạo đơn vị; Cán bộ điều phối")).toEqual({ roles: ["unit_head", "coordinator"], unknown: [] });
  });
});
