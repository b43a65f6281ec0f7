import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../../db/client.ts";
import {
  findLiveSession,
  insertConsoleSession,
  insertLoginLink,
  loginLinksSince,
  spendLoginLink,
  type LiveSession,
  type SpentLink,
} from "../../db/repositories/console-repository.ts";
import { findPersonById, rolesOf } from "../../db/repositories/people-repository.ts";
import type { Config } from "../config.ts";

export const LOGIN_LINK_TTL_MS = 10 * 60_000;
/** A console session lasts a working day and a half; logout or deactivation ends it sooner. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
/** /web answers with at most this many links per person in LOGIN_LINK_TTL_MS. */
export const MAX_LINKS_PER_WINDOW = 5;
export const SESSION_COOKIE = "chitieu_console";

/** Who may hold a console session: unit heads, coordinators, admins (not focal points alone). */
export function mayUseConsole(roles: readonly string[]): boolean {
  return roles.some((r) => r === "unit_head" || r === "coordinator" || r === "admin");
}

/** SHA-256 of a token or session id: what the database keeps. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** The origin login links point at: PUBLIC_URL, else the local listen address (development). */
export function consoleBaseUrl(config: Pick<Config, "PUBLIC_URL" | "HOST" | "PORT">): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, "");
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.PORT}`;
}

export type IssuedLink = { type: "link"; url: string } | { type: "too_many" } | { type: "not_allowed" };

/** A one-time login link for the person (/web), valid LOGIN_LINK_TTL_MS; only its hash is stored. */
export async function issueLoginLink(db: Db, personId: number, baseUrl: string, now: Date): Promise<IssuedLink> {
  const person = await findPersonById(db, personId);
  if (!person || person.deactivatedAt || !mayUseConsole(await rolesOf(db, personId))) return { type: "not_allowed" };
  if (await loginLinksSince(db, personId, new Date(now.getTime() - LOGIN_LINK_TTL_MS)) >= MAX_LINKS_PER_WINDOW) return { type: "too_many" };
  const token = randomBytes(24).toString("base64url");
  await insertLoginLink(db, { tokenHash: hashSecret(token), personId, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_LINK_TTL_MS) });
  return { type: "link", url: `${baseUrl}/login?t=${token}` };
}

export type OpenedSession = { type: "ok"; sessionId: string } | { type: Exclude<SpentLink["type"], "ok"> | "not_allowed" };

/** Spends a login link and opens a session: the cookie gets `sessionId`, the database its hash. */
export async function openSession(db: Db, token: string, now: Date): Promise<OpenedSession> {
  const spent = await spendLoginLink(db, hashSecret(token), now);
  if (spent.type !== "ok") return spent;
  const person = await findPersonById(db, spent.personId);
  if (!person || person.deactivatedAt || !mayUseConsole(await rolesOf(db, spent.personId))) return { type: "not_allowed" };
  const sessionId = randomBytes(32).toString("base64url");
  await insertConsoleSession(db, { idHash: hashSecret(sessionId), personId: person.id, csrfToken: randomBytes(24).toString("base64url"), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
  return { type: "ok", sessionId };
}

/** The live session of a cookie value; a deactivated person or one without a console role has none. */
export async function sessionOf(db: Db, sessionId: string | undefined, now: Date): Promise<LiveSession | undefined> {
  if (!sessionId) return undefined;
  const live = await findLiveSession(db, hashSecret(sessionId), now);
  if (!live || live.person.deactivatedAt || !mayUseConsole(live.person.roles)) return undefined;
  return live;
}
