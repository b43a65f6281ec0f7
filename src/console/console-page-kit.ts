import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Translator } from "../i18n/translator.ts";
import type { ConsoleView } from "./console-view.ts";
import { messagePage } from "./pages/public-pages.ts";

/** A period key as the console's forms and links carry it ("2026", "2026-Q4", "2026-11"…). */
export const periodKeySchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?$/);
/** A row id in a path. */
export const idSchema = z.coerce.number().int().positive().max(2 ** 31);

/** What the console's route files share: the capabilities, and the helpers every page route uses. */
export interface ConsolePageKit {
  db: Db;
  clock: Clock;
  translator: Translator;
  config: Config;
  /** The request's ?period=, or the fallback when absent or malformed. */
  periodOf(req: FastifyRequest, fallback: string): string;
  /** The current year in Vietnam, the pages' default period. */
  thisYear(): string;
  notFound(req: FastifyRequest, reply: FastifyReply): FastifyReply;
}

export function sendHtml(reply: FastifyReply, body: string, code = 200): FastifyReply {
  return reply.code(code).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

/** 403 with the localized page, for a page that is the province's (broadcasts, exports, Zalo) and a reader who is not. */
export function sendForbidden(kit: Pick<ConsolePageKit, "translator">, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendHtml(reply, messagePage(kit.translator, req.consoleView!.locale, "forbidden"), 403);
}

/** What a page says after a change: ?done= (and ?n=), or a refusal's ?error= with the ?value= refused. */
export interface PageNotice {
  done?: string;
  error?: string;
  value?: string;
  n?: string;
}

/** The request's notice parameters, each a short string or absent (the pages word only the codes they know). */
export function noticeOf(req: FastifyRequest): PageNotice {
  const q = req.query as Record<string, unknown>;
  const out: PageNotice = {};
  for (const k of ["done", "error", "value", "n"] as const) if (typeof q[k] === "string") out[k] = q[k].slice(0, 300);
  return out;
}

/** The reader when they are the province's (coordinator, admin: `unitIds === null`); otherwise the 403 page is sent and undefined returned. */
export function provinceReader(kit: Pick<ConsolePageKit, "translator">, req: FastifyRequest, reply: FastifyReply): ConsoleView | undefined {
  const view = req.consoleView!;
  if (view.unitIds === null) return view;
  void sendForbidden(kit, req, reply);
  return undefined;
}

/** 303 to a page with its notice (?done=… or ?error=…&value=…), after a POST. */
export function redirectWithNotice(reply: FastifyReply, path: string, notice: PageNotice): FastifyReply {
  const query = new URLSearchParams(Object.entries(notice).filter((e): e is [string, string] => typeof e[1] === "string"));
  return reply.code(303).header("location", `${path}?${query.toString()}`).send();
}
