import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { reportFigure } from "../../src/services/reporting.ts";
import { reportingStatus } from "../../src/services/reporting-status.ts";
import { expect } from "vitest";
import type { TestApp } from "../support/test-app.ts";
import type { Page } from "playwright-core";
import { launchChromium } from "./chromium.ts";

/** Sends a dev-chat message as a person (by phone) and returns the replies' texts. */
export async function devSay(s: TestApp, user: string, text: string): Promise<string[]> {
  const r = await fetch(`${s.base}/dev/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user, text }) });
  const j = (await r.json()) as { replies: { text: string }[] };
  return j.replies.map((x) => x.text);
}

/** Links the person with their invite code, asks "/web" and returns the login path from the link (the origin is the test's port). */
export async function loginLinkFor(s: TestApp, phone: string, inviteCode: string): Promise<string> {
  await devSay(s, phone, inviteCode);
  const replies = await devSay(s, phone, "/web");
  const url = /https?:\/\/\S+\/login\?t=[A-Za-z0-9_-]+/.exec(replies.join("\n"))?.[0];
  expect(url, replies.join("\n")).toBeDefined();
  const u = new URL(url!);
  expect(u.origin).toBe(s.base);
  return `${u.pathname}${u.search}`;
}

/** Spends a login link by POST, as the login page's form does; returns the session cookie ("name=value"). */
export async function spendLink(s: TestApp, path: string): Promise<{ status: number; cookie: string | undefined; setCookie: string | null }> {
  const token = new URL(path, s.base).searchParams.get("t") ?? "";
  const r = await fetch(`${s.base}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ t: token }) });
  const setCookie = r.headers.get("set-cookie");
  return { status: r.status, cookie: setCookie?.split(";")[0], setCookie };
}

export async function sessionFor(s: TestApp, phone: string, inviteCode: string): Promise<{ cookie: string; csrf: string }> {
  const { cookie } = await spendLink(s, await loginLinkFor(s, phone, inviteCode));
  expect(cookie).toBeDefined();
  const page = await (await fetch(`${s.base}/console/units`, { headers: { cookie: cookie! } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeDefined();
  return { cookie: cookie!, csrf: csrf! };
}

export const demo = {
  coordinator: { phone: "0912000003", code: "DP-KHCN" },
  headKhcn: { phone: "0912000002", code: "LD-KHCN" },
  headTc: { phone: "0912000005", code: "LD-TC" },
  focal: { phone: "0912000001", code: "DM-KHCN" },
};

/**
 * Two revisions of an indicator figure for the demo focal point's unit, the second with a photo kept
 * on disk (as the Telegram bot keeps downloaded evidence, DATA_DIR/evidence/…); returns the report id and the photo's bytes.
 */
export async function reportWithEvidence(s: TestApp, unitName = "Sở Khoa học và Công nghệ"): Promise<{ reportId: number; photo: Buffer }> {
  const now = s.clock.now();
  const row = (await reportingStatus(s.db, { periodKey: "2026", now })).find((r) => r.unitName === unitName && r.subjectType === "indicator" && r.expected && r.frequency === "monthly");
  if (!row) throw new Error(`no monthly indicator expected of ${unitName} in 2026`);
  const person = (await findPersonByPhone(s.db, demo.focal.phone))!;
  const png = new PNG({ width: 4, height: 4 });
  png.data.fill(200);
  const photo = PNG.sync.write(png);
  const localPath = `evidence/2026/11/console-test-${row.unitId}.png`;
  mkdirSync(join(s.dir, "evidence/2026/11"), { recursive: true });
  writeFileSync(join(s.dir, localPath), photo);
  const base = { subjectType: row.subjectType, subjectId: row.subjectId, unitId: row.unitId, periodKey: row.periodKey, valueText: null, taskStatus: null, personId: person.id, channel: "telegram", sourceRef: null };
  await reportFigure(s.db, { ...base, valueNumber: 70, note: null, evidence: [], now });
  const second = await reportFigure(s.db, {
    ...base,
    valueNumber: 72,
    note: "Số liệu đã rà soát",
    evidence: [{ kind: "photo", fileId: `AgAD-console-${row.unitId}`, fileName: "bien-ban.png", mimeType: "image/png", sizeBytes: photo.length, localPath }],
    now: new Date(now.getTime() + 60_000),
  });
  return { reportId: second.reportId, photo };
}

/** A coordinator (or anyone with an invite code) logged in to the console in a fresh headless Chromium, on the console's first page. */
export async function consoleInBrowser(s: TestApp, person: { phone: string; code: string }): Promise<{ browser: Awaited<ReturnType<typeof launchChromium>>; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  await page.goto(`${s.base}${await loginLinkFor(s, person.phone, person.code)}`);
  await page.click("[data-login]");
  await page.waitForURL(`${s.base}/console`);
  return { browser, page };
}
