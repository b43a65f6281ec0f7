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

/**
 * Words that may stand before a rank or a level ("hạng 17", "đứng thứ 17", "mức 6", "TRL 6",
 * "cấp độ 7"). "cấp" alone is not one: "được cấp 5 bằng" is five patents granted.
 */
export const RANK_BEFORE: readonly string[][] = [["xep", "hang"], ["xep", "thu"], ["dung", "thu"], ["dung", "hang"], ["hang"], ["thu"], ["rank"], ["#"]];
export const LEVEL_BEFORE: readonly string[][] = [["muc", "do"], ["cap", "do"], ["muc"], ["level"], ["bac"]];

/** Words of a rank said beside the name ("xếp hạng PII 20/34"): the figure already says it is a rank. */
export const RANK_WORDS = new Set(["xep", "hang", "thu", "dung", "vi", "tri"]);

/** After a percentage: a share of something else than the indicator ("100% kế hoạch", "105% so với cùng kỳ"). */
export const RELATIVE_AFTER: readonly string[][] = [
  ["ke", "hoach"], ["kh"], ["chi", "tieu"], ["muc", "tieu"], ["so", "voi"], ["cung", "ky"], ["nhiem", "vu"], ["duoc", "giao"], ["ke", "hoach", "nam"],
  ["so", "voi", "cung", "ky"], ["so", "voi", "ke", "hoach"], ["so", "voi", "nam", "truoc"], ["ke", "hoach", "duoc", "giao"],
];

/** After "17/34" or "hạng 17 trên 34": what was ranked ("tỉnh", "tỉnh thành"), part of the figure. */
export const RANKED_AFTER: readonly string[][] = [["tinh", "thanh"], ["tinh", "thanh", "pho"], ["tinh"], ["dia", "phuong"], ["don", "vi"], ["so", "nganh"]];

/** Between a rank and what it is out of, as words: "hạng 22 trên 34". */
export const OUT_OF_WORDS = new Set(["tren"]);

/** "2 phẩy 4": a decimal comma said aloud (voice typing writes the word). */
export const SPOKEN_DECIMAL = new Set(["phay"]);

/** "tỷ lệ", "tỷ trọng": "tỷ" there is no money scale. */
export const NOT_MONEY_AFTER_TY = new Set(["le", "trong"]);

/**
 * Words of politeness and reporting that say nothing about which item or what figure ("khoảng" is
 * not one: it makes the figure an estimate). Words that also name items ("cấp", "số", "xã") are
 * not here: the ranking weighs them by how many of the person's items share them.
 */
export const FILLER = new Set([
  "da", "vang", "em", "a", "nhe", "nha", "nhes", "dat", "la", "duoc", "xin", "phep", "oi", "ah", "ad", "admin", "hi", "hello", "chao", "thanks",
  "thank", "ne", "nhen", "roi", "vay", "please", "pls", "kinh", "gui", "minh", "toi", "chung", "ben", "ak", "nhaa", "day", "nay", "thi", "ma",
  "thua", "nghen", "hen", "luon", "nhi", "ha", "gio", "oke", "ok",
]);

/**
 * Longer phrases that say nothing about which item: where ("trên địa bàn tỉnh") and when ("tính
 * đến", "lũy kế"); the time of the figure is read by read-period, these only tell it is now.
 */
export const FILLER_PHRASES: readonly string[][] = [
  ["tran", "trong"], ["tinh", "den", "nay"], ["tinh", "den"], ["den", "nay"], ["hien", "nay"], ["luy", "ke"], ["thang", "nay"], ["nam", "nay"], ["quy", "nay"],
  ["ky", "bao", "cao"], ["em", "cam", "on"], ["so", "lieu"], ["ket", "qua", "dat"],
];

/**
 * Phrases that help an item whose name has them but count against none that lacks them: where the
 * figure is ("trên địa bàn tỉnh" is in some names, and said of any figure).
 */
export const OPTIONAL_PHRASES: readonly string[][] = [
  ["tren", "dia", "ban", "tinh"], ["tren", "dia", "ban", "phuong"], ["tren", "dia", "ban", "xa"], ["tren", "dia", "ban"], ["dia", "ban", "tinh"], ["toan", "tinh"],
];

/**
 * Function words and words of a figure's kind ("xếp", "hạng", "mức", "tỷ lệ", "của", "tại"…): when
 * no item of the person's has them, they tell nothing against any item, so they weigh nothing
 * (a word of no name otherwise counts against every item: it may name something the person lacks).
 */
export const STOP_WORDS = new Set([
  "xep", "hang", "thu", "dung", "muc", "do", "cap", "ty", "le", "so", "luong", "tong", "con", "hien", "tai", "cua", "cac", "va", "tren", "duoi",
  "trong", "voi", "cho", "o", "ve", "nhung", "cung", "khi", "deu", "se", "dang", "chi", "tieu", "thang", "nam", "quy", "ky", "hang", "nam",
  "tinh", "thanh", "ca", "toan", "bo", "mot", "moi", "nhu", "sau", "truoc", "het", "den", "tu", "nay",
]);

/** Pairs that are filler together though each word alone may name something ("báo cáo", "anh chị", "số liệu"). */
export const FILLER_PAIRS = new Set(["bao cao", "anh chi", "so lieu", "cap nhat", "cam on", "thong tin", "gui anh", "gui chi", "ket qua", "thuc hien", "hien tai", "ky nay", "don vi", "ben em", "chi tieu"]);

/** A lone word that is filler only beside another: "anh"/"chị" (the addressee), "em" handled above. */
export const ADDRESS_WORDS = new Set(["anh", "chi", "sep", "thay", "co"]);
