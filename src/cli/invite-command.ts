import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import QRCode from "qrcode";
import { AssignmentError } from "../services/assignments.ts";
import { reissueInvitation, revokeInvitation, showInvitation, type Invitation } from "../services/invitations.ts";
import { sendInvitationByChat } from "../services/send-invitation.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `invite show|reissue|revoke|send <phone|id> [--qr <file.png>]`: a person's invitation, its Telegram link and QR code, or the invitation sent to their linked chats. */
export async function inviteCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { qr: { type: "string" }, json: { type: "boolean" } } });
  const { say } = ctx;
  if (sub !== "show" && sub !== "reissue" && sub !== "revoke" && sub !== "send") throw new CliError(say("cli.error.unknownSub", { command: "invite", sub: sub ?? "", choices: "show, reissue, revoke, send" }));
  const ref = positionals[0];
  if (!ref) throw new CliError(say("cli.error.needOptions", { command: `invite ${sub}`, options: say("cli.usage.personRef") }));
  const botUsername = ctx.config.TELEGRAM_BOT_USERNAME;
  try {
    if (sub === "send") {
      const sent = await sendInvitationByChat(ctx.db, ref, { now: ctx.now(), botUsername });
      if (sent.type !== "queued") throw new CliError(say(`cli.invite.send.${sent.type}`, { ref }));
      ctx.out(say(sent.queued ? "cli.invite.send.queued" : "cli.invite.send.already", { ref, count: sent.queued }));
      return 0;
    }
    if (sub === "revoke") {
      const r = await revokeInvitation(ctx.db, ref, ctx.now());
      ctx.out(r.revoked ? say("cli.invite.revoked", { name: r.person.name }) : say("cli.invite.nothingToRevoke", { name: r.person.name }));
      return 0;
    }
    const invitation = sub === "show" ? await showInvitation(ctx.db, ref, { now: ctx.now(), botUsername }) : await reissueInvitation(ctx.db, ref, { now: ctx.now(), ttlDays: ctx.config.INVITE_CODE_TTL_DAYS, botUsername });
    const qrFile = invitation.telegramLink ? await writeQr(invitation, values.qr ?? join(ctx.config.DATA_DIR, "invites", `invite-${invitation.person.id}.png`)) : undefined;
    if (values.json) {
      ctx.out(JSON.stringify({ person: invitation.person, code: invitation.code?.code ?? null, expiresAt: invitation.code?.expiresAt.toISOString() ?? null, telegramLink: invitation.telegramLink ?? null, qrFile: qrFile ?? null }, null, 2));
      return invitation.code ? 0 : 1;
    }
    if (!invitation.code) {
      ctx.out(say("cli.invite.noCode", { name: invitation.person.name, phone: invitation.person.phone ?? String(invitation.person.id) }));
      return 1;
    }
    ctx.out(say(sub === "show" ? "cli.invite.shown" : "cli.invite.reissued", { name: invitation.person.name, code: invitation.code.code, expires: invitation.code.expiresAt.toISOString().slice(0, 10) }));
    if (invitation.telegramLink && qrFile) ctx.out(say("cli.invite.link", { link: invitation.telegramLink, file: qrFile }));
    else ctx.out(say("cli.invite.noBotUsername"));
    return 0;
  } catch (err) {
    if (err instanceof AssignmentError) throw new CliError(say("cli.invite.noPerson", { ref }));
    throw err;
  }
}

async function writeQr(invitation: Invitation, file: string): Promise<string> {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  await QRCode.toFile(path, invitation.telegramLink ?? "", { type: "png", errorCorrectionLevel: "M", margin: 2, width: 360 });
  return path;
}
