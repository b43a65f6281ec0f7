import { z } from "zod";

/**
 * A file an outbox row carries: what to build, never the bytes (a row stays small, and a crash
 * before the send loses nothing: the bytes are built again). The scope was checked when the row
 * was written (roles); `unitId` null is the province, a unit is that unit with its sub-units.
 */
export const fileRecipeSchema = z.discriminatedUnion("what", [
  z.object({ what: z.literal("plan_workbook"), planKey: z.string().min(1), periodKey: z.string().min(1), unitId: z.number().int().nullable(), locale: z.enum(["vi", "en"]) }),
  z.object({ what: z.literal("completeness_chart"), periodKey: z.string().min(1), unitId: z.number().int().nullable(), locale: z.enum(["vi", "en"]) }),
  z.object({ what: z.literal("achievement_chart"), periodKey: z.string().min(1), unitId: z.number().int().nullable(), locale: z.enum(["vi", "en"]) }),
]);

export type FileRecipe = z.infer<typeof fileRecipeSchema>;

export const outboxFileSchema = z.object({
  kind: z.enum(["document", "photo"]),
  /** ASCII, with its extension: "bao-cao-52-KH-UBND-2026-11.xlsx". */
  fileName: z.string().regex(/^[A-Za-z0-9._-]{1,120}\.(xlsx|png)$/, "a file name of A-Z a-z 0-9 . _ - with .xlsx or .png"),
  recipe: fileRecipeSchema,
});

export type OutboxFile = z.infer<typeof outboxFileSchema>;

export const mimeTypes: Record<"xlsx" | "png", string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  png: "image/png",
};

export function mimeTypeOf(fileName: string): string {
  return fileName.endsWith(".png") ? mimeTypes.png : mimeTypes.xlsx;
}
