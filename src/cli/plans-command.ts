import { PlanSettingError, planApprovalSettings, setPlanApproval, setPlanLockDays } from "../services/approvals.ts";
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
        const rows = (await planApprovalSettings(ctx.db)).map((p) => [p.number || p.key, say(p.approvalRequired ? "cli.plans.on" : "cli.plans.off"), String(p.lockAfterDays)]);
        ctx.out(formatTable([say("cli.plans.colPlan"), say("cli.plans.colApproval"), say("cli.plans.colLockDays")], rows));
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
        throw new CliError(say("cli.error.unknownSub", { command: "plans", sub: sub ?? "", choices: "list, approval, lock" }));
    }
  } catch (err) {
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
