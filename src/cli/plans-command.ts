import { PlanSettingError, planApprovalSettings, setPlanApproval, setPlanLockDays } from "../services/approvals.ts";
import { listPlanTrackFrom, parseTrackFrom, provinceTrackFrom, setPlanTrackFrom, setProvinceTrackFrom, SetupError } from "../services/unit-standing.ts";
import { toVnParts } from "../domain/vn-time.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

/**
 * `plans list`, `plans approval <plan> on|off`, `plans lock <plan> <days>`: whether a plan's figures
 * need the unit head's approval, and after how many days past a deadline its periods lock.
 */
export async function plansCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, plan, value] = args;
  const { say } = ctx;
  const actor = { personId: null, name: "cli" };
  try {
    switch (sub) {
      case "list": {
        const own = await listPlanTrackFrom(ctx.db);
        const province = await provinceTrackFrom(ctx.db);
        const rows = (await planApprovalSettings(ctx.db)).map((p) => {
          const date = own.get(p.id);
          return [p.number || p.key, say(p.approvalRequired ? "cli.plans.on" : "cli.plans.off"), String(p.lockAfterDays), date ? localDate(date) : province ? say("cli.plans.trackFromProvince", { date: localDate(province) }) : "—"];
        });
        ctx.out(formatTable([say("cli.plans.colPlan"), say("cli.plans.colApproval"), say("cli.plans.colLockDays"), say("cli.plans.colTrackFrom")], rows));
        return 0;
      }
      case "track-from": {
        // plans track-from <plan> <YYYY-MM-DD|none>, or plans track-from --province <YYYY-MM-DD|none>
        const date = value === undefined ? undefined : parseTrackFrom(value);
        if (!plan || date === undefined) throw new CliError(say("cli.plans.trackFromUsage"));
        if (plan === "--province") {
          const r = await setProvinceTrackFrom(ctx.db, date, actor, ctx.now());
          ctx.out(date ? say(r.changed ? "cli.plans.provinceTrackFromSet" : "cli.plans.provinceTrackFromSame", { date: localDate(date) }) : say("cli.plans.provinceTrackFromCleared"));
          return 0;
        }
        const p = await setPlanTrackFrom(ctx.db, plan, date, actor, ctx.now());
        ctx.out(date ? say("cli.plans.trackFromSet", { plan: p.number || p.key, date: localDate(date) }) : say("cli.plans.trackFromCleared", { plan: p.number || p.key }));
        return 0;
      }
      case "approval": {
        const on = onOff(value);
        if (!plan || on === undefined) throw new CliError(say("cli.plans.approvalUsage"));
        const p = await setPlanApproval(ctx.db, plan, on, actor, ctx.now());
        ctx.out(say(on ? "cli.plans.approvalOn" : "cli.plans.approvalOff", { plan: p.number || p.key, days: p.lockAfterDays }));
        return 0;
      }
      case "lock": {
        const days = value !== undefined && /^\d{1,3}$/.test(value) ? Number(value) : NaN;
        if (!plan || Number.isNaN(days)) throw new CliError(say("cli.plans.lockUsage"));
        const p = await setPlanLockDays(ctx.db, plan, days, actor, ctx.now());
        ctx.out(say("cli.plans.lockSet", { plan: p.number || p.key, days: p.lockAfterDays }));
        return 0;
      }
      default:
        throw new CliError(say("cli.error.unknownSub", { command: "plans", sub: sub ?? "", choices: "list, approval, lock, track-from" }));
    }
  } catch (err) {
    if (err instanceof SetupError) throw new CliError(say("cli.plans.noPlan", { plan: plan ?? "" }));
    if (err instanceof PlanSettingError) throw new CliError(err.message.startsWith("no plan") ? say("cli.plans.noPlan", { plan: plan ?? "" }) : say("cli.plans.lockUsage"));
    throw err;
  }
}

/** "on", "bat", "bật", "off", "tat", "tắt". */
function onOff(value: string | undefined): boolean | undefined {
  const v = (value ?? "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  if (v === "on" || v === "bat") return true;
  if (v === "off" || v === "tat") return false;
  return undefined;
}

/** "2026-12-01": the Vietnamese calendar date of an instant. */
function localDate(d: Date): string {
  const p = toVnParts(d);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
