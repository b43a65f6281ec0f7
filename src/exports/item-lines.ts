import type { StatusRow } from "../services/reporting-status.ts";

/**
 * Per item, per unit, the one line a plan-shaped sheet shows for the period (the plan's tables and
 * Nhiệm vụ): the read model's rows are added a chunk at a time and only these lines are kept — as
 * many as the sheets have lines (items × units), not the rows of every period behind them.
 */
export class ItemLines {
  private readonly byItem = new Map<string, Map<number, StatusRow>>();

  add(rows: readonly StatusRow[]): void {
    for (const r of rows) {
      let units = this.byItem.get(r.subjectKey);
      if (!units) this.byItem.set(r.subjectKey, (units = new Map()));
      const seen = units.get(r.unitId);
      // Rows come by period: a later one wins unless it has no figure and the kept one has (approved or not).
      if (!seen || r.report || !seen.report) units.set(r.unitId, r);
    }
  }

  /** The item's lines, one per unit in the read model's order. */
  of(subjectKey: string): StatusRow[] {
    return [...(this.byItem.get(subjectKey)?.values() ?? [])];
  }
}
