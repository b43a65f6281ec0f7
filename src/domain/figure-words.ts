/**
 * Words around a typed figure, as tokens without diacritics (see tokenize-message.ts). Kept apart
 * from the readers so that a new unit is one line here.
 */

/** Before a figure: it is not a measured figure but an estimate or a bound ("khoảng 70", "trên 90"). */
export const APPROXIMATE_BEFORE: readonly string[][] = [
  ["khoang"], ["tam"], ["gan"], ["hon"], ["tren"], ["duoi"], ["xap", "xi"], ["uoc"], ["uoc", "tinh"], ["uoc", "dat"], ["toi", "thieu"],
  ["toi", "da"], ["it", "nhat"], ["chung"], ["co", "le"], ["du", "kien"], ["gan", "nhu"], ["sap", "xi"], ["ngot"], ["~"], ["≈"], ["≥"], ["≤"],
  [">"], ["<"], [">="], ["<="], ["about"], ["around"], ["approximately"], ["over"], ["under"], ["nearly"],
].map((w) => w);

/** Between two figures: a range ("90–95", "90 đến 95"). */
export const RANGE_JOINERS = new Set(["-", "–", "—", "~", "den", "toi", "to"]);

/** After a figure: it is a percentage. */
export const PERCENT_AFTER: readonly string[][] = [["%"], ["phan", "tram"], ["percent"], ["pct"]];

/** After a figure: an amount of money, and its size in đồng. "45,6 tỷ" = 45.6 × 10⁹ đồng. */
export const MONEY_SCALES: readonly { words: string[]; dong: number }[] = [
  { words: ["ty", "dong"], dong: 1e9 }, { words: ["ti", "dong"], dong: 1e9 }, { words: ["ty", "vnd"], dong: 1e9 }, { words: ["ty"], dong: 1e9 }, { words: ["ti"], dong: 1e9 },
  { words: ["trieu", "dong"], dong: 1e6 }, { words: ["trieu", "vnd"], dong: 1e6 }, { words: ["trieu"], dong: 1e6 }, { words: ["trd"], dong: 1e6 }, { words: ["tr"], dong: 1e6 },
  { words: ["nghin", "dong"], dong: 1e3 }, { words: ["ngan", "dong"], dong: 1e3 }, { words: ["nghin"], dong: 1e3 }, { words: ["ngan"], dong: 1e3 },
  { words: ["dong"], dong: 1 }, { words: ["vnd"], dong: 1 }, { words: ["d"], dong: 1 },
];

/** The đồng in one unit of an indicator's own unit of measure ("triệu đồng" → 10⁶); none for a money indicator means millions. */
export const DEFAULT_MONEY_UNIT = "triệu đồng";

/** After a figure: what was counted. Any word of the indicator's own name also counts ("650 cán bộ"). */
export const COUNT_UNITS: readonly string[][] = [
  ["nguoi"], ["doanh", "nghiep"], ["dn"], ["cuon"], ["lop"], ["bai"], ["bai", "bao"], ["don"], ["sang", "kien"], ["san", "pham"], ["mo", "hinh"],
  ["cong", "nghe"], ["to", "chuc"], ["nhom"], ["trung", "tam"], ["luot"], ["hop", "tac", "xa"], ["htx"], ["can", "bo"], ["tieu", "chuan"],
  ["van", "ban"], ["bang"], ["giai"], ["viec", "lam"], ["cai"], ["chiec"], ["de", "tai"], ["nhiem", "vu"], ["ho"], ["don", "vi"], ["hoc", "vien"],
  ["an", "pham"], ["cong", "bo"], ["ung", "dung"], ["he", "thong"], ["co", "so"], ["tai", "khoan"], ["lan"], ["vu"], ["diem"], ["startup"], ["startups"],
  ["nhan", "luc"], ["ky", "su"], ["chuyen", "gia"], ["quy", "chuan"], ["giong"], ["bang", "sang", "che"], ["sang", "che"], ["giai", "phap"], ["thu", "tuc"],
  ["ho", "so"], ["dich", "vu"], ["khoa"], ["lop", "tap", "huan"], ["buoi"], ["xa"], ["phuong"], ["thon"], ["to"], ["nganh"],
];

/** Words that may stand before a rank or a level ("hạng 17", "thứ 17", "mức 6", "TRL 6"). */
export const RANK_BEFORE = new Set(["hang", "thu", "rank", "#"]);
export const LEVEL_BEFORE = new Set(["muc", "trl", "cap", "level", "bac"]);

/**
 * Words of politeness and reporting that say nothing about which item or what figure ("khoảng" is
 * not one: it makes the figure an estimate). Words that also name items ("cấp", "số", "xã") are
 * not here: the ranking weighs them by how many of the person's items share them.
 */
export const FILLER = new Set([
  "da", "vang", "em", "a", "nhe", "nha", "nhes", "dat", "la", "duoc", "xin", "phep", "oi", "ah", "ad", "admin", "hi", "hello", "chao", "thanks",
  "thank", "ne", "nhen", "roi", "vay", "please", "pls", "kinh", "gui", "minh", "toi", "chung", "ben", "ak", "nhaa", "day", "nay", "thi", "ma",
]);

/** Pairs that are filler together though each word alone may name something ("báo cáo", "anh chị", "số liệu"). */
export const FILLER_PAIRS = new Set(["bao cao", "anh chi", "so lieu", "cap nhat", "cam on", "thong tin", "gui anh", "gui chi", "ket qua", "thuc hien", "hien tai", "ky nay", "don vi", "ben em", "chi tieu"]);

/** A lone word that is filler only beside another: "anh"/"chị" (the addressee), "em" handled above. */
export const ADDRESS_WORDS = new Set(["anh", "chi", "sep", "thay", "co"]);
