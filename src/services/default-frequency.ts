import type { Frequency } from "../domain/frequency.ts";
import type { Deadline } from "../domain/types.ts";

/**
 * How often an item is reported unless a coordinator says otherwise: an item with one dated
 * deadline and no yearly targets is reported once; the rest monthly, as the seeds' plans require
 * ("trước 16h00 ngày 25 hàng tháng").
 */
export function defaultFrequency(deadline: Deadline | undefined | null, hasTargets: boolean): Frequency {
  if (!deadline) return "monthly";
  switch (deadline.kind) {
    case "date":
    case "month":
    case "quarter":
    case "year":
      return hasTargets ? "monthly" : "one_off";
    case "recurring":
    case "continuous":
    case "none":
      return "monthly";
  }
}
