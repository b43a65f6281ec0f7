import { Writable } from "node:stream";
import type { Db } from "../../db/client.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { findUnitById, unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import type { ChatFile } from "../chat/out.ts";
import type { Message } from "../chat/types.ts";
import type { Clock } from "../clock.ts";
import { searchKey } from "../domain/search-key.ts";
import type { Locale, Translator } from "../i18n/translator.ts";
import type { FileRecipe, OutboxFile } from "../outbox/outbox-file.ts";
import { FileRecipeError, type OutboxFilesOptions } from "../outbox/with-outbox-files.ts";
import type { Config } from "../config.ts";
import { fileLinksOf, outboxFilesDir } from "./file-links.ts";
import { periodLabel } from "../chat/format.ts";
import { ExportError, exportPlanWorkbook } from "./export-reports.ts";
import { achievementPicture, completenessPicture } from "./report-charts.ts";
import { reportingStatus, summaryByUnit } from "./reporting-status.ts";

/**
 * The outbox files a chat's send_file effect stands for, each with its caption: one workbook per
 * plan for /xuat, one chart for /tonghop and /tiendo, the caption as a message rendered when it is
 * sent. Written with the turn; built when sent.
 */
export async function chatFilesOf(db: Db, file: ChatFile, locale: Locale): Promise<{ file: OutboxFile; caption: Message }[]> {
  const period = periodLabel(file.periodKey);
  const unit = file.unitId === null ? null : ((await findUnitById(db, file.unitId))?.name ?? String(file.unitId));
  const scope: string | Message = unit ?? { key: "file.province" };
  const unitSlug = unit ? `-${slug(unit)}` : "";
  if (file.what === "plan_workbook") {
    return (await listPlans(db)).map((plan) => ({
      file: { kind: "document", fileName: `${slug(plan.number || plan.key)}-${file.periodKey}${unitSlug}.xlsx`.slice(-120), recipe: { what: "plan_workbook", planKey: plan.key, periodKey: file.periodKey, unitId: file.unitId, locale } },
      caption: { key: "file.caption.plan_workbook", params: { plan: plan.number || plan.key, period, scope } },
    }));
  }
  const name = file.what === "completeness_chart" ? "ty-le-bao-cao" : "muc-dat";
  return [
    {
      file: { kind: "photo", fileName: `${name}-${file.periodKey}${unitSlug}.png`.slice(-120), recipe: { what: file.what, periodKey: file.periodKey, unitId: file.unitId, locale } },
      caption: { key: `file.caption.${file.what}`, params: { period, scope } },
    },
  ];
}

/** Builds a recipe's bytes from the database as it is now (the outbox's withOutboxFiles stores them). */
export function createChatFileBuilder(deps: { db: Db; translator: Translator; clock: Clock }): (recipe: FileRecipe) => Promise<Uint8Array> {
  const { db, translator, clock } = deps;
  return async (recipe) => {
    const unitIds = recipe.unitId === null ? null : await unitSubtreeIds(db, recipe.unitId);
    const now = clock.now();
    switch (recipe.what) {
      case "plan_workbook": {
        const chunks: Buffer[] = [];
        const out = new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        });
        try {
          await exportPlanWorkbook(db, translator, { plan: recipe.planKey, periodKey: recipe.periodKey, now, locale: recipe.locale, unitIds }, out);
        } catch (err) {
          if (err instanceof ExportError) throw new FileRecipeError(err.message);
          throw err;
        }
        return Buffer.concat(chunks);
      }
      case "completeness_chart":
        return (await completenessPicture(await summaryByUnit(db, { periodKey: recipe.periodKey, unitIds, now }), recipe.periodKey, translator, recipe.locale)).png;
      case "achievement_chart":
        return (await achievementPicture(await reportingStatus(db, { periodKey: recipe.periodKey, unitIds, now }), recipe.periodKey, translator, recipe.locale)).png;
    }
  };
}

/** How the outbox builds, stores and links the files of chats (createOutboxSenders' `files`). */
export function chatFileDelivery(deps: { config: Config; db: Db; translator: Translator; clock: Clock }): OutboxFilesOptions {
  return { dir: outboxFilesDir(deps.config.DATA_DIR), build: createChatFileBuilder(deps), links: fileLinksOf(deps.config, deps.clock), clock: deps.clock };
}

/** "52/KH-UBND" → "52-KH-UBND", "Sở Tài chính" → "So-Tai-chinh": ASCII for a file name every channel keeps. */
function slug(text: string): string {
  return searchKey(text).replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "file";
}
