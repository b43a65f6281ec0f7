import { searchKey } from "./search-key.ts";
import type { Target, ValueKind } from "./types.ts";

export interface ValueKindInput {
  name: string;
  unitOfMeasure?: string;
  targets: Target[];
}

/**
 * What kind of figure an indicator is reported as, from its targets, unit ("Đơn vị") and name —
 * in that order of trust. The first rule that applies wins:
 * 1. rank: a target is a rank ("20/34") or a top-N group ("Nhóm 15 tỉnh đứng đầu"), or the name
 *    says "Xếp hạng", or names a provincial ranking index (PII, DTI, PCI, PAR Index, SIPAS, PAPI,
 *    PGI) whose targets are "at most" or absent ("Chỉ số PII cấp tỉnh" ≤ 23 is a place, not a score);
 * 2. percent: unit "%", a percent target, or a name starting "Tỷ lệ" / "Tỷ trọng";
 * 3. by unit: a currency ("đồng", "triệu đồng", "tỷ đồng", "USD") → money; "điểm" → score;
 *    any other unit ("Trung tâm", "doanh nghiệp") → count;
 * 4. by name: "Số …" / "Số lượng …" → count; "Doanh thu", "Tổng chi", "Giá trị", "Kinh phí",
 *    "Vốn" → money; "Chỉ số", "Điểm số" → score ("Chỉ số H index");
 * 5. count when any target is numeric;
 * 6. text otherwise. An indicator with no targets and no numeric hint ("Mức độ cải thiện chất
 *    lượng cung ứng dịch vụ công") is reported in words; guessing "count" would reject them.
 */
export function inferValueKind(input: ValueKindInput): ValueKind {
  const name = searchKey(input.name);
  const unit = searchKey(input.unitOfMeasure ?? "");
  const targets = input.targets;

  const rankTarget = targets.some((t) => t.kind === "rank" || (t.kind === "qualitative" && t.topN !== undefined));
  const lowerOrNone = targets.every((t) => t.kind === "at_most" || t.kind === "rank" || t.kind === "qualitative");
  if (rankTarget || /\bxep (hang|thu)\b/.test(name) || (RANKING_INDEX.test(name) && lowerOrNone)) return "rank";

  const percentTarget = targets.some((t) => "percent" in t && t.percent);
  if (unit === "%" || unit === "phan tram" || percentTarget || /^(ty|ti) (le|trong)\b/.test(name)) return "percent";

  if (unit !== "") {
    if (CURRENCY_UNIT.test(unit)) return "money";
    if (unit === "diem") return "score";
    return "count";
  }

  if (/^so (?!hoa\b)/.test(name)) return "count";
  if (/\b(doanh thu|tong chi|gia tri|kinh phi|von)\b/.test(name)) return "money";
  if (/\b(chi so|diem so)\b/.test(name)) return "score";
  if (targets.some((t) => t.kind !== "qualitative")) return "count";
  return "text";
}

const RANKING_INDEX = /\b(pii|dti|pci|par index|sipas|papi|pgi)\b/;

/** "đồng" alone or scaled; not the "động" of "lao động", which searchKey also spells "dong". */
const CURRENCY_UNIT = /^(?:(?:nghin|ngan|trieu|ty) )?dong$|\b(?:vnd|usd|trd)\b/;
