import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { MAX_PLAN_FILE_BYTES } from "../services/plan-files.ts";
import { isListFileName, keepListUpload, keptListUpload } from "../services/kept-list-uploads.ts";
import type { UploadedFile } from "./console-plan-routes.ts";
import type { ConsolePageKit } from "./console-page-kit.ts";
import type { ConsoleView } from "./console-view.ts";

/** A list to import as the importers take it, and how the confirm form names it again (the pasted CSV, or the kept upload's id). */
export interface ListToImport {
  file: { bytes: Uint8Array; fileName: string };
  csv?: string;
  upload?: string;
}

/** What a list import page shows with a refusal: the text and the status. */
export interface ListRefusal {
  error: string;
  status: 400 | 404 | 413;
}

/**
 * The list a console import form sent (units or people): on the multipart route (/file), the file just
 * uploaded, kept for its confirmation under the uploader's id; on the form route, the kept upload the
 * hidden `upload` field names (only the uploader's own: anyone else's is 404), or the pasted CSV.
 */
/** Whether the request came by the multipart route (req.isMultipart exists only inside the multipart scope). */
const isMultipart = (req: FastifyRequest) => (req.headers["content-type"] ?? "").startsWith("multipart/form-data");

export async function listOfRequest(kit: Pick<ConsolePageKit, "config" | "clock">, req: FastifyRequest, view: ConsoleView, fileName: string): Promise<ListToImport | ListRefusal> {
  const dataDir = kit.config.DATA_DIR;
  if (isMultipart(req)) {
    const file = (req.body as { file?: UploadedFile } | undefined)?.file;
    if (file?.tooLarge) return { error: view.t("list_upload.too_large", { mb: MAX_PLAN_FILE_BYTES / 1024 / 1024 }), status: 413 };
    if (!file || typeof file !== "object" || !file.fileName || file.bytes.byteLength === 0) return { error: view.t("list_upload.empty"), status: 400 };
    if (!isListFileName(file.fileName)) return { error: view.t("list_upload.bad_type", { file: file.fileName }), status: 400 };
    const upload = await keepListUpload(dataDir, view.person.id, file, kit.clock.now());
    return { file: { bytes: file.bytes, fileName: file.fileName }, upload };
  }
  const body = z.object({ csv: z.string().max(15_000).default(""), upload: z.string().max(100).default("") }).safeParse(req.body);
  if (!body.success) return { error: view.t("list_upload.empty"), status: 400 };
  if (body.data.upload) {
    const kept = await keptListUpload(dataDir, view.person.id, body.data.upload);
    return kept ? { file: kept, upload: body.data.upload } : { error: view.t("list_upload.gone"), status: 404 };
  }
  if (body.data.csv.trim() === "") return { error: "", status: 400 };
  return { file: { bytes: new TextEncoder().encode(body.data.csv), fileName }, csv: body.data.csv };
}

/** Whether the form asked for the import itself (confirm=1) rather than its preview. */
export function confirmed(req: FastifyRequest): boolean {
  return !isMultipart(req) && (req.body as { confirm?: unknown } | undefined)?.confirm === "1";
}

export const isRefusal = (list: ListToImport | ListRefusal): list is ListRefusal => "status" in list;

/** The body size the multipart list routes take (the shared upload limit plus the form's other fields). */
export const listUploadBodyLimit = MAX_PLAN_FILE_BYTES + 64 * 1024;
