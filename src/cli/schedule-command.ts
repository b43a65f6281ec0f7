import { parseArgs } from "node:util";
import { planIndicators, planTasks } from "../../db/repositories/catalogue-repository.ts";
import { parseDueRuleChange, type ResolvedPeriodRules } from "../domain/due-rules.ts";
import { frequencies, type Frequency } from "../domain/frequency.ts";
import { subjectKey } from "../domain/subject-key.ts";
import { DueRuleError, dueRulesCheck, setDueRule, type DueRuleScope } from "../services/due-rules.ts";
import { findPlan } from "../services/manage-plans.ts";
import { setSchedule } from "../services/set-schedule.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

/**
 * `schedule set --plan <p> [--code <c>] --frequency <f>`: how often a plan's (or one item's) figures are due.
 * `schedule due (--plan <p> [--code <c>] | --province) --day <1–28> --hour <0–23> [--yearly DD/MM] | --clear`:
 * when they are due (src/domain/due-rules.ts). `schedule show --plan <p>`: the rule in force for the plan
 * and each item, and where it comes from.
 */
export async function scheduleCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { say } = ctx;
  switch (sub) {
    case "set":
      return await setFrequency(ctx, rest);
    case "due":
      return await setDue(ctx, rest);
    case "show":
      return await show(ctx, rest);
    default:
      throw new CliError(say("cli.error.unknownSub", { command: "schedule", sub: sub ?? "", choices: "set, due, show" }));
  }
}

async function setFrequency(ctx: CliContext, rest: string[]): Promise<number> {
  const { say } = ctx;
  const { values } = parseArgs({ args: rest, options: { plan: { type: "string" }, code: { type: "string" }, frequency: { type: "string" } } });
  if (!values.plan || !values.frequency) throw new CliError(say("cli.error.needOptions", { command: "schedule set", options: "--plan, --frequency" }));
  if (!(frequencies as readonly string[]).includes(values.frequency)) {
    throw new CliError(say("cli.error.oneOf", { flag: "--frequency", allowed: frequencies.join(", "), value: values.frequency }));
  }
  const r = await setSchedule(ctx.db, { plan: values.plan, ...(values.code ? { code: values.code } : {}), frequency: values.frequency as Frequency, actor: "cli", now: ctx.now() });
  ctx.out(say("cli.schedule.done", { plan: r.plan, code: values.code ? ` ${values.code}` : "", count: r.assignments, frequency: values.frequency }));
  return 0;
}

async function setDue(ctx: CliContext, rest: string[]): Promise<number> {
  const { say } = ctx;
  const { values } = parseArgs({
    args: rest,
    options: { plan: { type: "string" }, code: { type: "string" }, province: { type: "boolean" }, day: { type: "string" }, hour: { type: "string" }, yearly: { type: "string" }, clear: { type: "boolean" } },
  });
  const change = parseDueRuleChange({ ...(values.day !== undefined ? { day: values.day } : {}), ...(values.hour !== undefined ? { hour: values.hour } : {}), ...(values.yearly !== undefined ? { yearly: values.yearly } : {}), clear: values.clear ?? false });
  const oneScope = values.province ? !values.plan && !values.code : !!values.plan;
  if (!change || !oneScope) throw new CliError(say("cli.schedule.dueUsage"));
  const scope: DueRuleScope = values.province ? { level: "province" } : values.code ? { level: "item", plan: values.plan!, code: values.code } : { level: "plan", plan: values.plan! };
  const actor = { personId: null, name: "cli" };
  try {
    await setDueRule(ctx.db, scope, change, actor, ctx.now());
  } catch (err) {
    if (err instanceof DueRuleError && err.reason === "no_plan") throw new CliError(say("cli.plans.noPlan", { plan: values.plan ?? "" }));
    if (err instanceof DueRuleError && err.reason === "no_item") throw new CliError(say("cli.schedule.noItem", { plan: values.plan ?? "", code: values.code ?? "" }));
    if (err instanceof DueRuleError) throw new CliError(say("cli.schedule.dueUsage"));
    throw err;
  }
  // What is in force now, read back as every deadline reads it.
  const due = await dueRulesCheck(ctx.db);
  let resolved: ResolvedPeriodRules;
  let where: string;
  if (scope.level === "province") {
    resolved = due.ofProvince();
    where = say("cli.schedule.scope.province");
  } else {
    const plan = (await findPlan(ctx.db, scope.plan))!;
    const name = plan.number || plan.key;
    if (scope.level === "plan") {
      resolved = due.ofPlan(plan.id);
      where = say("cli.schedule.scope.plan", { plan: name });
    } else {
      const key = await itemKey(ctx, plan.id, scope.code);
      resolved = due.resolved(key!);
      where = say("cli.schedule.scope.item", { plan: name, code: scope.code });
    }
  }
  ctx.out(say("cli.schedule.dueSet", { where, ...ruleWords(ctx, resolved) }));
  return 0;
}

async function show(ctx: CliContext, rest: string[]): Promise<number> {
  const { say } = ctx;
  const { values } = parseArgs({ args: rest, options: { plan: { type: "string" } } });
  if (!values.plan) throw new CliError(say("cli.error.needOptions", { command: "schedule show", options: "--plan" }));
  const plan = await findPlan(ctx.db, values.plan);
  if (!plan) throw new CliError(say("cli.plans.noPlan", { plan: values.plan }));
  const due = await dueRulesCheck(ctx.db);
  const planWords = ruleWords(ctx, due.ofPlan(plan.id));
  const rows = [[say("cli.schedule.wholePlan"), "", planWords.rule, planWords.from, planWords.yearly, planWords.yearlyFrom]];
  const items = [...(await planIndicators(ctx.db, plan.id)).map((i) => ({ ...i, key: subjectKey("indicator", i.id) })), ...(await planTasks(ctx.db, plan.id)).map((t) => ({ ...t, key: subjectKey("task", t.id) }))];
  for (const i of items) {
    const w = ruleWords(ctx, due.resolved(i.key));
    rows.push([i.code, i.name, w.rule, w.from, w.yearly, w.yearlyFrom]);
  }
  ctx.out(say("cli.schedule.showTitle", { plan: plan.number || plan.key }));
  ctx.out(formatTable(["colCode", "colName", "colDue", "colFrom", "colYearly", "colYearlyFrom"].map((c) => say(`cli.schedule.${c}`)), rows));
  return 0;
}

async function itemKey(ctx: CliContext, planId: number, code: string): Promise<string | undefined> {
  const i = (await planIndicators(ctx.db, planId)).find((x) => x.code === code);
  if (i) return subjectKey("indicator", i.id);
  const t = (await planTasks(ctx.db, planId)).find((x) => x.code === code);
  return t ? subjectKey("task", t.id) : undefined;
}

/** "16h00 ngày 25", "của kế hoạch", "05/12", "mặc định có sẵn". */
function ruleWords(ctx: CliContext, r: ResolvedPeriodRules): { rule: string; from: string; yearly: string; yearlyFrom: string } {
  return {
    rule: ctx.say("cli.schedule.rule", { day: r.rules.dueDay, hour: r.rules.dueHour }),
    from: ctx.say(`cli.schedule.from.${r.from.due}`),
    yearly: `${String(r.rules.yearlyDueDay).padStart(2, "0")}/${String(r.rules.yearlyDueMonth).padStart(2, "0")}`,
    yearlyFrom: ctx.say(`cli.schedule.from.${r.from.yearly}`),
  };
}
