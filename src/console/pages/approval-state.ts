import type { FigureStatus } from "../../domain/figure-counts.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";

/** A figure's approval state as the console says it: "chờ duyệt", "đã duyệt", "trả lại: <lý do>". */
export function approvalState(view: ConsoleView, f: { figureStatus: FigureStatus | null; returnReason: string | null }): SafeHtml | "" {
  if (!f.figureStatus) return "";
  const cls = f.figureStatus === "approved" ? "ok" : f.figureStatus === "returned" ? "warn" : "pending";
  return html`<span class="approval ${cls}">${view.t(`approvals.state.${f.figureStatus}`, { reason: f.returnReason ?? "" })}</span>`;
}
