/**
 * Messages officials would type to report a figure, written from the seed plans for the demo
 * people of four different units: Sở Khoa học và Công nghệ (a department, 0912000001), Sở Tài
 * chính (0912000004), UBND phường Phan Đình Phùng (a ward, 0912000006) and Phòng Chuyển đổi số
 * (an office of the department, 0912000008). Each spec is an item as its focal point would name
 * it; the categories are ways of typing it. About a fifth must not be saved without a question:
 * estimates, ranges, two figures, codes the person does not have, names that fit several items.
 *
 * The reader must generalise: nothing here is looked up by the reader, and the names are the
 * ones people use, not the catalogue's.
 */

export type Category =
  | "short name + figure"
  | "without diacritics"
  | "polite framing"
  | "month/year + figure"
  | "abbreviations"
  | "telex/VNI typos"
  | "units after the figure"
  | "codes"
  | "must not save";

export interface CorpusRow<C extends string = Category> {
  who: string;
  text: string;
  category: C;
  /** The item and figure a confirmation must show; absent: the bot must ask or explain, never offer to save. */
  expect?: { code: string; plan: string; value: number; period?: string };
}

interface Spec {
  who: string;
  code: string;
  /** A part of the plan's name that tells it apart ("52/KH", "30/KH", "đánh giá", "QĐ 11"). */
  plan: string;
  /** How people name it, with diacritics; the first is the most common. */
  names: string[];
  /** The same with the abbreviations people use. */
  abbreviated?: string;
  /** The figure as typed, and what it must be saved as. */
  figure: string;
  value: number;
  /** The figure with a unit word after it ("650 người", "72 phần trăm"). */
  withUnit?: string;
}

const LAN = "0912000001";
const BAO = "0912000004";
const MAI = "0912000006";
const LONG = "0912000008";

const specs: Spec[] = [
  { who: LAN, code: "3", plan: "QĐ 11", names: ["phủ sóng 5G", "tỷ lệ phủ sóng 5G", "mở rộng phủ sóng 5G"], figure: "72%", value: 72, withUnit: "72 phần trăm" },
  { who: LAN, code: "II.5", plan: "52/KH", names: ["số cán bộ nghiên cứu", "cán bộ nghiên cứu khoa học công nghệ toàn tỉnh"], abbreviated: "cán bộ nghiên cứu KHCN", figure: "650", value: 650, withUnit: "650 người" },
  { who: LAN, code: "III.2", plan: "52/KH", names: ["chỉ số PII", "xếp hạng PII cấp tỉnh"], figure: "hạng 17", value: 17, withUnit: "17/34 tỉnh" },
  { who: LAN, code: "IV.1", plan: "đánh giá", names: ["doanh thu từ sở hữu trí tuệ", "doanh thu khai thác tài sản sở hữu trí tuệ"], abbreviated: "doanh thu SHTT", figure: "350 triệu", value: 350, withUnit: "350 triệu đồng" },
  { who: LAN, code: "II.6", plan: "đánh giá", names: ["số lượt trích dẫn trung bình", "trích dẫn trung bình bài báo quốc tế"], figure: "3,4", value: 3.4, withUnit: "3,4 lượt" },
  { who: LAN, code: "III.1", plan: "đánh giá", names: ["mức độ sẵn sàng công nghệ", "mức sẵn sàng công nghệ TRL"], abbreviated: "TRL", figure: "mức 6", value: 6 },
  { who: LAN, code: "II.1", plan: "đánh giá", names: ["số bài báo khoa học quốc tế", "bài báo quốc tế"], figure: "25", value: 25, withUnit: "25 bài" },
  { who: LAN, code: "II.2", plan: "đánh giá", names: ["số bài báo khoa học trong nước", "bài báo trong nước"], figure: "40", value: 40, withUnit: "40 bài báo" },
  { who: LAN, code: "III.4", plan: "52/KH", names: ["số lớp tập huấn kỹ năng số", "lớp tập huấn công nghệ số cho doanh nghiệp nhỏ và vừa"], abbreviated: "lớp tập huấn kỹ năng số cho DN nhỏ và vừa", figure: "5", value: 5, withUnit: "5 lớp" },
  { who: LAN, code: "III.5", plan: "52/KH", names: ["sáng kiến trong khu vực công", "số sáng kiến khu vực công được công nhận"], figure: "30", value: 30, withUnit: "30 sáng kiến" },
  { who: LAN, code: "6.1", plan: "QĐ 11", names: ["văn bản xử lý toàn trình trên môi trường điện tử cấp tỉnh", "hồ sơ công việc xử lý toàn trình cấp tỉnh"], figure: "85%", value: 85, withUnit: "85 phần trăm" },
  { who: LAN, code: "13", plan: "QĐ 11", names: ["mức độ hài lòng của người dân, doanh nghiệp", "tỷ lệ người dân hài lòng khi thực hiện thủ tục hành chính"], abbreviated: "người dân, DN hài lòng khi làm TTHC, DVCTT", figure: "96%", value: 96 },
  { who: LAN, code: "I.4", plan: "đánh giá", names: ["tổng chi từ ngân sách cho khoa học công nghệ, đổi mới sáng tạo"], abbreviated: "tổng chi từ ngân sách cho KH&CN, ĐMST", figure: "45,6 tỷ", value: 45600, withUnit: "45.600 triệu đồng" },
  { who: LAN, code: "II.2", plan: "52/KH", names: ["tỷ lệ chi nghiên cứu phát triển trên GRDP", "chi nghiên cứu và phát triển/GRDP"], abbreviated: "tỷ lệ chi R&D/GRDP", figure: "0,5%", value: 0.5 },
  { who: LAN, code: "IV.2", plan: "đánh giá", names: ["doanh thu từ chuyển giao công nghệ", "doanh thu hoạt động chuyển giao công nghệ"], figure: "1,2 tỷ", value: 1200, withUnit: "1.200 triệu" },
  { who: LAN, code: "16", plan: "QĐ 11", names: ["trung tâm đổi mới sáng tạo và khởi nghiệp", "hình thành trung tâm đổi mới sáng tạo"], abbreviated: "trung tâm ĐMST và khởi nghiệp", figure: "1", value: 1, withUnit: "1 trung tâm" },
  { who: BAO, code: "5", plan: "30/KH", names: ["tỷ lệ chi ngân sách địa phương cho khoa học, công nghệ", "chi ngân sách địa phương cho khoa học công nghệ đổi mới sáng tạo"], abbreviated: "tỷ lệ chi NS địa phương cho KHCN, ĐMST", figure: "1,8%", value: 1.8 },
  { who: BAO, code: "6", plan: "30/KH", names: ["tỷ lệ chi tối thiểu trong GRDP", "chi tối thiểu cho khoa học công nghệ trong GRDP"], abbreviated: "chi tối thiểu cho KHCN, ĐMST và CĐS trong GRDP", figure: "2,5%", value: 2.5 },
  { who: BAO, code: "I.5", plan: "đánh giá", names: ["tổng chi từ khu vực doanh nghiệp", "chi cho khoa học công nghệ từ khu vực doanh nghiệp"], abbreviated: "tổng chi cho KH&CN từ khu vực DN", figure: "12 tỷ", value: 12000, withUnit: "12 tỷ đồng" },
  { who: BAO, code: "IV.3", plan: "đánh giá", names: ["huy động vốn ngoài ngân sách", "tỷ lệ huy động vốn ngoài ngân sách nhà nước"], abbreviated: "huy động vốn ngoài NSNN", figure: "35%", value: 35, withUnit: "35 phần trăm" },
  { who: BAO, code: "1", plan: "QĐ 11", names: ["kinh tế số trong GDP", "tỷ trọng giá trị tăng thêm của kinh tế số"], abbreviated: "tỷ trọng KTS trong GDP", figure: "20%", value: 20 },
  { who: BAO, code: "IV.10", plan: "đánh giá", names: ["giá trị kinh tế với doanh nghiệp không trực tiếp tham gia"], abbreviated: "giá trị kinh tế với DN không trực tiếp tham gia", figure: "5 tỷ", value: 5000, withUnit: "5.000 triệu đồng" },
  { who: BAO, code: "IV.6", plan: "đánh giá", names: ["số doanh nghiệp mới hình thành", "doanh nghiệp mới thành lập hình thành"], abbreviated: "DN mới hình thành", figure: "120", value: 120, withUnit: "120 doanh nghiệp" },
  { who: BAO, code: "III.1", plan: "52/KH", names: ["số doanh nghiệp khởi nghiệp sáng tạo", "doanh nghiệp khởi nghiệp sáng tạo"], abbreviated: "DN khởi nghiệp sáng tạo", figure: "12", value: 12, withUnit: "12 DN" },
  { who: BAO, code: "5", plan: "QĐ 11", names: ["hồ sơ công việc xử lý trên môi trường điện tử", "tỷ lệ hồ sơ công việc xử lý trên môi trường điện tử"], figure: "98%", value: 98, withUnit: "98 phần trăm" },
  { who: BAO, code: "7", plan: "QĐ 11", names: ["thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình", "dịch vụ công trực tuyến toàn trình"], abbreviated: "TTHC cung cấp DVCTT toàn trình", figure: "85%", value: 85 },
  { who: MAI, code: "51", plan: "30/KH", names: ["phần mềm quản trị điều hành thống nhất", "đảng ủy, chính quyền xã sử dụng phần mềm quản trị điều hành"], figure: "95%", value: 95, withUnit: "95 phần trăm" },
  { who: MAI, code: "4", plan: "QĐ 11", names: ["cán bộ cấp xã có chữ ký số cá nhân", "công chức cấp xã có trang thiết bị và chữ ký số"], abbreviated: "CBCCVC cấp xã có trang thiết bị và chữ ký số", figure: "100%", value: 100 },
  { who: MAI, code: "6.2", plan: "QĐ 11", names: ["văn bản xử lý toàn trình cấp xã", "hồ sơ công việc xử lý toàn trình trên môi trường điện tử cấp xã"], figure: "80%", value: 80, withUnit: "80 phần trăm" },
  { who: MAI, code: "8", plan: "QĐ 11", names: ["giấy tờ chỉ cung cấp một lần", "thông tin, giấy tờ chỉ phải cung cấp một lần"], abbreviated: "giấy tờ trong TTHC chỉ cung cấp một lần", figure: "90%", value: 90 },
  { who: MAI, code: "9", plan: "QĐ 11", names: ["thủ tục không phụ thuộc địa giới hành chính", "thủ tục hành chính không phụ thuộc địa giới"], abbreviated: "TTHC không phụ thuộc địa giới hành chính", figure: "100%", value: 100, withUnit: "100 phần trăm" },
  { who: MAI, code: "10", plan: "QĐ 11", names: ["cán bộ được đào tạo kỹ năng số", "công chức, viên chức được bồi dưỡng kỹ năng số"], abbreviated: "CBCCVC được đào tạo, bồi dưỡng kỹ năng số", figure: "100%", value: 100 },
  { who: MAI, code: "12", plan: "QĐ 11", names: ["thủ tục liên quan đến doanh nghiệp cung cấp dịch vụ công trực tuyến", "thủ tục đủ điều kiện liên quan doanh nghiệp"], abbreviated: "TTHC liên quan DN cung cấp DVCTT", figure: "100%", value: 100 },
  { who: MAI, code: "13", plan: "QĐ 11", names: ["người dân hài lòng", "mức độ hài lòng của người dân"], abbreviated: "người dân, DN hài lòng với DVCTT", figure: "97%", value: 97, withUnit: "97 phần trăm" },
  { who: MAI, code: "III.5", plan: "52/KH", names: ["sáng kiến trong khu vực công", "số sáng kiến được công nhận"], figure: "4", value: 4, withUnit: "4 sáng kiến" },
  { who: LONG, code: "7", plan: "30/KH", names: ["cán bộ công chức cấp xã được bồi dưỡng kỹ năng số căn bản", "công chức cấp xã bồi dưỡng kỹ năng số căn bản"], abbreviated: "CBCC cấp xã được bồi dưỡng kỹ năng số căn bản", figure: "100%", value: 100 },
  { who: LONG, code: "8", plan: "30/KH", names: ["cán bộ công chức cấp tỉnh được bồi dưỡng kỹ năng số căn bản", "công chức cấp tỉnh bồi dưỡng kỹ năng số"], abbreviated: "CBCC cấp tỉnh được bồi dưỡng kỹ năng số", figure: "95%", value: 95, withUnit: "95 phần trăm" },
  { who: LONG, code: "9", plan: "30/KH", names: ["làm chủ kỹ năng số", "cán bộ làm chủ kỹ năng số, ứng dụng công nghệ trong quản lý điều hành"], abbreviated: "CBCCVC làm chủ kỹ năng số", figure: "60%", value: 60 },
  { who: LONG, code: "10", plan: "30/KH", names: ["dân số trưởng thành tiếp cận dịch vụ số", "người trưởng thành tiếp cận dịch vụ số trong y tế, giáo dục"], figure: "75%", value: 75, withUnit: "75 phần trăm" },
  { who: LONG, code: "12", plan: "30/KH", names: ["dân số thường xuyên sử dụng dịch vụ số", "người trưởng thành thường xuyên sử dụng dịch vụ số"], figure: "62%", value: 62 },
  { who: LONG, code: "37", plan: "30/KH", names: ["xếp hạng chuyển đổi số DTI", "chỉ số DTI"], abbreviated: "xếp hạng CĐS cấp tỉnh", figure: "17/34", value: 17, withUnit: "hạng 17/34" },
  { who: LONG, code: "38", plan: "30/KH", names: ["quy mô kinh tế số trong GRDP", "kinh tế số trong GRDP"], abbreviated: "quy mô KTS trong GRDP", figure: "24%", value: 24, withUnit: "24 phần trăm" },
  { who: LONG, code: "50", plan: "30/KH", names: ["người dân có chữ ký số", "tỷ lệ người dân có chữ ký số"], abbreviated: "người dân có CKS", figure: "12%", value: 12 },
];

const polite = [
  (n: string, f: string) => `Dạ em báo cáo ${n} đạt ${f} ạ`,
  (n: string, f: string) => `Kính gửi anh/chị, ${n} kỳ này là ${f} nhé`,
  (n: string, f: string) => `em gửi số liệu ${n}: ${f} ạ`,
];
const withPeriod = [
  (n: string, f: string) => `${n} tháng 11 đạt ${f}`,
  (n: string, f: string) => `${n} năm 2026: ${f}`,
  (n: string, f: string) => `báo cáo 11/2026 ${n} ${f}`,
  (n: string, f: string) => `${n} quý 4 là ${f}`,
];

export function messageCorpus(): CorpusRow[] {
  const rows: CorpusRow[] = [];
  specs.forEach((s, i) => {
    const expect = { code: s.code, plan: s.plan, value: s.value };
    const name = s.names[0]!;
    const other = s.names[1] ?? name;
    const add = (category: Category, text: string) => rows.push({ who: s.who, text, category, expect });
    add("short name + figure", `${name} ${s.figure}`);
    add("short name + figure", `${other} ${s.figure}`);
    add("without diacritics", plain(`${name} ${s.figure}`));
    if (i % 2 === 0) add("without diacritics", plain(`${other} ${s.figure}`).toUpperCase());
    add("polite framing", polite[i % polite.length]!(name, s.figure));
    add("month/year + figure", withPeriod[i % withPeriod.length]!(name, s.figure));
    if (s.abbreviated) add("abbreviations", `${s.abbreviated} ${s.figure}`);
    add("telex/VNI typos", `${typo(name, i)} ${s.figure}`);
    if (s.withUnit) add("units after the figure", `${i % 2 ? plain(name) : name} ${s.withUnit}${i % 3 === 0 ? " ạ" : i % 3 === 1 ? "." : ""}`);
    // Must not be saved without a question.
    const n = Number(s.figure.replace(/[^\d,]/g, "").replace(",", ".")) || 10;
    if (i % 3 === 0) rows.push({ who: s.who, text: `${name} khoảng ${s.figure}`, category: "must not save" });
    if (i % 3 === 1) rows.push({ who: s.who, text: `tầm ${n}-${n + 5}${s.figure.includes("%") ? "%" : ""} ${plain(name)}`, category: "must not save" });
    if (i % 3 === 2) rows.push({ who: s.who, text: `${name} trên ${s.figure}`, category: "must not save" });
  });
  rows.push(...codeRows(), ...mustNotSave());
  return rows;
}

function codeRows(): CorpusRow[] {
  const c = (who: string, text: string, code: string, plan: string, value: number): CorpusRow => ({ who, text, category: "codes", expect: { code, plan, value } });
  return [
    c(LAN, "chỉ tiêu 1.2 KH 52: 80%", "I.2", "52/KH", 80),
    c(LAN, "KH 52 chỉ tiêu I.3: 12%", "I.3", "52/KH", 12),
    c(LAN, "kế hoạch 52 III.5 30", "III.5", "52/KH", 30),
    c(LAN, "[3] 72", "3", "QĐ 11", 72),
    c(LAN, "CT3 72%", "3", "QĐ 11", 72),
    c(LAN, "chỉ tiêu số 16: 1", "16", "QĐ 11", 1),
    c(LAN, "II.4 KH 52 = 3", "II.4", "52/KH", 3),
    c(LAN, "6.1: 85%", "6.1", "QĐ 11", 85),
    c(LAN, "6.2 70%", "6.2", "QĐ 11", 70),
    c(LAN, "#74 72", "3", "QĐ 11", 72),
    c(LAN, "#11 650", "II.5", "52/KH", 650),
    c(LAN, "II.7 0,73", "II.7", "đánh giá", 0.73),
    c(LAN, "III.15: 50%", "III.15", "đánh giá", 50),
    c(BAO, "chỉ tiêu 5 kế hoạch 30: 1,8%", "5", "30/KH", 1.8),
    c(BAO, "CT 6 kế hoạch 30: 2,5%", "6", "30/KH", 2.5),
    c(BAO, "IV.3: 35%", "IV.3", "đánh giá", 35),
    c(BAO, "I.4 45,6 tỷ", "I.4", "đánh giá", 45600),
    c(BAO, "#2 0,8%", "II.2", "52/KH", 0.8),
    c(BAO, "[1] 20%", "1", "QĐ 11", 20),
    c(MAI, "[51] 95%", "51", "30/KH", 95),
    c(MAI, "chỉ tiêu 9: 100%", "9", "QĐ 11", 100),
    c(MAI, "CT12 100", "12", "QĐ 11", 100),
    c(MAI, "6.2: 80%", "6.2", "QĐ 11", 80),
    c(MAI, "#24 97%", "13", "QĐ 11", 97),
    c(LONG, "chỉ tiêu 37: 17/34", "37", "30/KH", 17),
    c(LONG, "[50] 12%", "50", "30/KH", 12),
    c(LONG, "CT38 24%", "38", "30/KH", 24),
    c(LONG, "#1 100%", "7", "30/KH", 100),
  ];
}

function mustNotSave(): CorpusRow[] {
  const m = (who: string, text: string): CorpusRow => ({ who, text, category: "must not save" });
  return [
    m(LAN, "Chỉ tiêu 1: 100%"),
    m(MAI, "Chỉ tiêu 1: 100%"),
    m(LONG, "chỉ tiêu 99: 50"),
    m(LAN, "I.2 80%"),
    m(LAN, "III.1: 12"),
    m(LAN, "chỉ tiêu 10: 90%"),
    m(BAO, "CT 6 2,5%"),
    m(LAN, "5G 72, chữ ký số 85"),
    m(MAI, "văn bản toàn trình cấp xã 80%, cấp tỉnh 85%"),
    m(LONG, "cấp xã 100% cấp tỉnh 95%"),
    m(LAN, "tỷ lệ 80%"),
    m(BAO, "số lượng 12"),
    m(MAI, "thủ tục hành chính 100%"),
    m(LONG, "kỹ năng số 100%"),
    m(LAN, "5G khoảng 70%"),
    m(LAN, "5G tầm 90–95%"),
    m(BAO, "kinh tế số ~20%"),
    m(MAI, "hài lòng gần 97%"),
    m(LONG, "DTI xếp thứ 15-17"),
    m(LAN, "phủ sóng 5G 45 tỷ"),
    m(LAN, "cán bộ nghiên cứu 65%"),
    m(BAO, "vốn ngoài ngân sách 12 người"),
    m(LAN, "#200 45"),
    m(MAI, "#99 80%"),
    m(LAN, "5G 7*7"),
    m(LAN, "5G ①②%"),
    m(BAO, "kinh tế số 1,500"),
    m(LONG, "DTI 40/34"),
    m(MAI, "phần mềm quản trị 120%"),
  ];
}

function plain(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

const TONES: Record<string, string> = { "\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j" };
const VNI: Record<string, string> = { "\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5" };

/**
 * A typo of the kinds phones make: a telex tone key left after the word ("phủ" → "phur"), left
 * inside it ("sóng" → "sonsg"), a VNI digit ("số" → "so1"), or two letters swapped in a long word.
 */
function typo(name: string, seed: number): string {
  const words = name.split(" ");
  const at = words.findIndex((w, k) => k >= seed % 2 && w.length >= 3 && /[\u0300-\u0323]/.test(w.normalize("NFD")) && !/\d/.test(w));
  const k = at >= 0 ? at : words.findIndex((w) => w.length >= 6);
  if (k < 0) return plain(name);
  const word = words[k]!.normalize("NFD");
  const tone = [...word].find((ch) => TONES[ch]);
  const bare = plain(words[k]!);
  let typed: string;
  switch (seed % 4) {
    case 0:
      typed = tone ? bare + TONES[tone] : swap(bare);
      break;
    case 1:
      typed = tone ? bare.slice(0, -1) + TONES[tone] + bare.slice(-1) : swap(bare);
      break;
    case 2:
      typed = tone ? bare + VNI[tone] : swap(bare);
      break;
    default:
      typed = bare.length >= 6 ? swap(bare) : tone ? bare + TONES[tone] : bare;
  }
  return words.map((w, j) => (j === k ? typed : plain(w))).join(" ");
}

function swap(w: string): string {
  const i = Math.floor(w.length / 2);
  return w.slice(0, i - 1) + w[i] + w[i - 1] + w.slice(i + 1);
}
