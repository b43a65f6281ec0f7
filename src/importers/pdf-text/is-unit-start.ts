/**
 * Whether a fragment of PDF text opens a unit's name ("Phòng Quản lý Bưu", "Văn phòng Sở phối",
 * "Sở Tài chính"). The responsible-unit cell is the only cell that starts this way, which is how
 * the reader tells it from a text target ("Nhóm 15 tỉnh đứng đầu") or from the end of a name.
 * Compared with diacritics on purpose: "Sở" opens a unit, "Số lượng" opens an indicator name.
 */
export function isUnitStart(text: string): boolean {
  const trimmed = text.trim().normalize("NFC");
  if (!/^\p{Lu}/u.test(trimmed)) return false;
  const lower = trimmed.toLowerCase();
  return UNIT_HEADS.some((head) => lower === head || lower.startsWith(`${head} `) || lower.startsWith(`${head},`));
}

/** First words of organisation names in provincial plans. */
const UNIT_HEADS = [
  "phòng",
  "văn phòng",
  "vp",
  "các phòng",
  "các đơn vị",
  "các sở",
  "các cơ quan",
  "đơn vị",
  "sở",
  "ban",
  "trung tâm",
  "chi cục",
  "cục",
  "ubnd",
  "ủy ban",
  "uỷ ban",
  "thanh tra",
  "công an",
  "bộ chỉ huy",
  "viện",
  "trường",
  "đài",
  "hội",
  "liên đoàn",
  "liên minh",
  "tỉnh đoàn",
  "kho bạc",
  "ngân hàng",
  "bảo hiểm",
  "thống kê",
  "quỹ",
  "đảng ủy",
  "đảng uỷ",
  "tòa án",
  "toà án",
  "hải quan",
  "thuế",
  "hiệp hội",
  "liên hiệp",
  "công ty",
  "tổng công ty",
  "tập đoàn",
  "chi nhánh",
  "bệnh viện",
  "học viện",
  "đại học",
  "mặt trận",
  "tỉnh ủy",
  "tỉnh uỷ",
  "hđnd",
  "bhxh",
  "báo",
].map((head) => head.normalize("NFC"));
