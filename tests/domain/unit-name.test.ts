import { describe, expect, it } from "vitest";
import { canonicalUnitName, parseUnitMentions, splitUnitList, unitKey } from "../../src/domain/unit-name.ts";
import type { UnitMention } from "../../src/domain/types.ts";

/** "unit <canonical name>" or "group [kinds] <label>": one line per mention keeps the tables readable. */
function show(m: UnitMention): string {
  return m.type === "unit" ? `unit ${m.name}` : `group [${m.kinds.join(",")}] ${m.label}`;
}

const KHCN = "unit Sở Khoa học và Công nghệ";
const THONG_KE = "unit Thống kê tỉnh";
const VIEN_TRUONG = "group [] Các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh";
const LIEN_QUAN = "group [department,agency] Các cơ quan, đơn vị liên quan";
const DN_DIA_BAN = "group [enterprise_group] doanh nghiệp trên địa bàn tỉnh";
const SBN_LIEN_QUAN = "group [department] Các sở, ban, ngành liên quan";

/** Every distinct lead and coordinating cell of seed 002, page-broken cells joined with "\n". */
const SEED_002: [string, string[]][] = [
  ["Sở Khoa học và Công nghệ", [KHCN]],
  ["Sở Khoa học và\nCông nghệ", [KHCN]],
  ["Thống kê tỉnh", [THONG_KE]],
  ["Sở Tài chính", ["unit Sở Tài chính"]],
  ["Sở Công Thương", ["unit Sở Công Thương"]],
  ["Sở Nội vụ", ["unit Sở Nội vụ"]],
  ["Sở Nông nghiệp và Môi trường", ["unit Sở Nông nghiệp và Môi trường"]],
  ["Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)", ["unit Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)"]],
  [
    "Sở Tư pháp; Các Sở, ban, ngành; UBND xã, phường trên địa bàn tỉnh",
    ["unit Sở Tư pháp", "group [department] Các Sở, ban, ngành", "group [commune] UBND xã, phường trên địa bàn tỉnh"],
  ],
  ["Các sở, ban, ngành, đơn vị, cá nhân có liên quan", ["group [department,agency] Các sở, ban, ngành, đơn vị, cá nhân có liên quan"]],
  [
    "Các Viện nghiên cứu, trường Đại học, tổ chức KH&CN, doanh nghiệp KH&CN trên địa bàn tỉnh",
    ["group [enterprise_group] Các Viện nghiên cứu, trường Đại học, tổ chức KH&CN, doanh nghiệp KH&CN trên địa bàn tỉnh"],
  ],
  ["Sở Khoa học và Công nghệ, Thống kê tỉnh", [KHCN, THONG_KE]],
  [
    "Các cơ quan liên quan, UBND xã, phường; Các Viện nghiên cứu,\ntrường Đại học trên địa bàn tỉnh",
    ["group [department,agency] Các cơ quan liên quan", "group [commune] UBND xã, phường", VIEN_TRUONG],
  ],
  [
    "Các đơn vị cung cấp dịch vụ viễn thông, cơ quan liên quan, các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh",
    [
      "group [department,agency] Các đơn vị cung cấp dịch vụ viễn thông, cơ quan liên quan",
      "group [] các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh",
    ],
  ],
  ["Thống kê tỉnh; Các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh", [THONG_KE, VIEN_TRUONG]],
  [
    "Thống kê tỉnh; Các sở, ban, ngành, Viện nghiên cứu, trường Đại học trên địa bàn tỉnh",
    [THONG_KE, "group [department] Các sở, ban, ngành, Viện nghiên cứu, trường Đại học trên địa bàn tỉnh"],
  ],
  [
    "Thống kê tỉnh; Văn phòng UBND tỉnh; các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh",
    [THONG_KE, "unit Văn phòng UBND tỉnh", "group [] các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh"],
  ],
  ["Thống kê tỉnh; Các Trường Đại học trên địa bàn tỉnh", [THONG_KE, "group [] Các Trường Đại học trên địa bàn tỉnh"]],
  [
    "Liên hiệp các Hội khoa học và kỹ thuật tỉnh, các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh; các sở, ngành; tổ chức chính trị- xã hội",
    [
      "unit Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
      "group [] các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh",
      "group [department] các sở, ngành",
      "group [] tổ chức chính trị- xã hội",
    ],
  ],
  ["Các sở, ban, ngành liên quan", [SBN_LIEN_QUAN]],
  ["Sở Công Thương, Sở Nông nghiệp và\nMôi trường", ["unit Sở Công Thương", "unit Sở Nông nghiệp và Môi trường"]],
  ["Các cơ quan, đơn vị liên quan; doanh nghiệp trên địa bàn tỉnh", [LIEN_QUAN, DN_DIA_BAN]],
  ["Sở Y tế; Sở NN&MT; Các cơ quan, đơn vị liên quan; doanh nghiệp trên địa bàn tỉnh", ["unit Sở Y tế", "unit Sở Nông nghiệp và Môi trường", LIEN_QUAN, DN_DIA_BAN]],
  ["Sở Nông nghiệp và Môi trường; Các cơ quan, đơn vị liên quan; doanh nghiệp trên địa bàn tỉnh", ["unit Sở Nông nghiệp và Môi trường", LIEN_QUAN, DN_DIA_BAN]],
  ["Các tổ chức KHCN; doanh nghiệp, viện, trường", ["group [] Các tổ chức KHCN", "group [enterprise_group] doanh nghiệp, viện, trường"]],
  ["Các tổ chức KHCN; doanh nghiệp; Thống kê tỉnh", ["group [] Các tổ chức KHCN", "group [enterprise_group] doanh nghiệp", THONG_KE]],
  // III.10 is broken as "doanh" / "ngành" in the source: garbage in, a unit of that name out
  ["Sở Khoa học và Công nghệ; doanh\nngành; Thống kê tỉnh", [KHCN, "unit doanh ngành", THONG_KE]],
  ["Sở Khoa học và Công nghệ; doanh nghiệp; Thống kê tỉnh", [KHCN, "group [enterprise_group] doanh nghiệp", THONG_KE]],
  ["Sở Khoa học và Công nghệ; doanh nghiệp", [KHCN, "group [enterprise_group] doanh nghiệp"]],
  ["Các cơ quan liên quan, Các Viện nghiên cứu, trường Đại học trên địa bàn tỉnh", ["group [department,agency] Các cơ quan liên quan", VIEN_TRUONG]],
  ["Sở Công Thương và các cơ quan liên quan", ["unit Sở Công Thương", "group [department,agency] các cơ quan liên quan"]],
  ["Các doanh nghiệp hoạt động trên địa bàn tỉnh", ["group [enterprise_group] Các doanh nghiệp hoạt động trên địa bàn tỉnh"]],
  ["Thống kê tỉnh; Các\ndoanh nghiệp hoạt động trên địa bàn tỉnh", [THONG_KE, "group [enterprise_group] Các doanh nghiệp hoạt động trên địa bàn tỉnh"]],
  ["Sở Khoa học và Công nghệ, các cơ quan, đơn vị liên quan", [KHCN, "group [department,agency] các cơ quan, đơn vị liên quan"]],
  ["Sở Tư Pháp, các sở, ban, ngành liên quan", ["unit Sở Tư pháp", "group [department] các sở, ban, ngành liên quan"]],
];

/** Every distinct lead, coordinating and monitoring cell of seeds 000 and 004. */
const SEEDS_000_004: [string, string[]][] = [
  ["Các tổ chức chủ trì thực hiện nhiệm vụ", ["group [] Các tổ chức chủ trì thực hiện nhiệm vụ"]],
  ["Các tổ chức chủ trì thực hiện nhiệm vụ; Sở Khoa học và Công nghệ", ["group [] Các tổ chức chủ trì thực hiện nhiệm vụ", KHCN]],
  ["Các cơ quan, đơn vị, địa phương", ["group [department,commune,agency] Các cơ quan, đơn vị, địa phương"]],
  ["Các cơ quan, đơn vị, địa phương, doanh nghiệp", ["group [department,commune,agency,enterprise_group] Các cơ quan, đơn vị, địa phương, doanh nghiệp"]],
  [
    "Các sở, ban, ngành, địa phương, HHDN,\nLMHTX và các đơn vị tổ chức, cá nhân có liên quan",
    [
      "group [department,commune] Các sở, ban, ngành, địa phương",
      "unit Hiệp hội Doanh nghiệp tỉnh",
      "unit Liên minh Hợp tác xã tỉnh",
      "group [department,agency] các đơn vị tổ chức, cá nhân có liên quan",
    ],
  ],
  ["Các sở, ban, ngành, địa phương", ["group [department,commune] Các sở, ban, ngành, địa phương"]],
  ["Các sở, ngành", ["group [department] Các sở, ngành"]],
  ["Các sở, ngành, địa phương", ["group [department,commune] Các sở, ngành, địa phương"]],
  ["Các sở, ban, ngành", ["group [department] Các sở, ban, ngành"]],
  ["Các sở, ban, ngành tỉnh", ["group [department] Các sở, ban, ngành tỉnh"]],
  [
    "Các sở, ngành: Tư pháp, Công an, Nội vụ, Khoa học và Công nghệ, Văn phòng UBND tỉnh",
    ["unit Sở Tư pháp", "unit Công an tỉnh", "unit Sở Nội vụ", KHCN, "unit Văn phòng UBND tỉnh"],
  ],
  ["Sở Tài chính; Cơ quan tài chính các cấp", ["unit Sở Tài chính", "group [department,agency] Cơ quan tài chính các cấp"]],
  ["Sở Tài chính; Sở Khoa học và Công nghệ", ["unit Sở Tài chính", KHCN]],
  ["Sở Tư pháp, Công an tỉnh, Văn phòng\nUBND tỉnh", ["unit Sở Tư pháp", "unit Công an tỉnh", "unit Văn phòng UBND tỉnh"]],
  ["Công an tỉnh", ["unit Công an tỉnh"]],
  ["Bộ Công an, Bộ Khoa học và Công nghệ", ["unit Bộ Công an", "unit Bộ Khoa học và Công nghệ"]],
  ["Các cơ quan, đơn vị có liên quan", ["group [department,agency] Các cơ quan, đơn vị có liên quan"]],
  ["Báo và phát thanh, truyền hình tỉnh; Trung tâm Thông tin tỉnh", ["unit Báo và phát thanh, truyền hình tỉnh", "unit Trung tâm Thông tin tỉnh"]],
  ["Cơ quan, đơn vị liên quan", ["group [department,agency] Cơ quan, đơn vị liên quan"]],
  ["Các cơ quan có liên quan", ["group [department,agency] Các cơ quan có liên quan"]],
  [
    "Sở Tài chính, Sở Khoa học và Công nghệ, doanh nghiệp có liên quan",
    ["unit Sở Tài chính", KHCN, "group [enterprise_group] doanh nghiệp có liên quan"],
  ],
];

const OTHER_SPELLINGS: [string, string[]][] = [
  ["Sở Văn hóa, Thể thao và Du lịch", ["unit Sở Văn hóa, Thể thao và Du lịch"]],
  ["Báo và Phát thanh, Truyền hình Bắc Ninh", ["unit Báo và Phát thanh, Truyền hình Bắc Ninh"]],
  ["UBND các xã, phường", ["group [commune] UBND các xã, phường"]],
  ["UBND xã, phường", ["group [commune] UBND xã, phường"]],
  ["Các phòng, đơn vị thuộc Sở", ["group [office] Các phòng, đơn vị thuộc Sở"]],
  ["Phòng Tài chính phối hợp với Sở Tài chính", ["unit Phòng Tài chính", "unit Sở Tài chính"]],
  ["Phòng Quản lý Bưu \n\nchính, Viễn thông", ["unit Phòng Quản lý Bưu chính, Viễn thông"]],
  ["Văn phòng UBND tỉnh, Công an tỉnh, Sở Nội vụ, các cơ quan liên quan", ["unit Văn phòng UBND tỉnh", "unit Công an tỉnh", "unit Sở Nội vụ", "group [department,agency] các cơ quan liên quan"]],
  ["- Sở KH&CN;\n- VP UBND tỉnh.", [KHCN, "unit Văn phòng UBND tỉnh"]],
  ["Sở Khoa học và Công nghệ; Sở KH&CN; Sở KHCN", [KHCN]],
  ["Các sở, ban, ngành và UBND các xã, phường", ["group [department] Các sở, ban, ngành", "group [commune] UBND các xã, phường"]],
  ["", []],
];

describe("parseUnitMentions", () => {
  it.each(SEED_002)("reads seed 002 cell %j", (cell, expected) => {
    expect(parseUnitMentions(cell).map(show)).toEqual(expected);
  });

  it.each(SEEDS_000_004)("reads seed 000/004 cell %j", (cell, expected) => {
    expect(parseUnitMentions(cell).map(show)).toEqual(expected);
  });

  it.each(OTHER_SPELLINGS)("reads %j", (cell, expected) => {
    expect(parseUnitMentions(cell).map(show)).toEqual(expected);
  });

  it("keys a unit on its canonical name without the parenthesis, and keeps what was written", () => {
    expect(parseUnitMentions("Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)")).toEqual([
      {
        type: "unit",
        raw: "Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)",
        name: "Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)",
        key: "van phong ubnd tinh",
      },
    ]);
  });

  it("keeps a group's label as written", () => {
    expect(parseUnitMentions("Các tổ chức chủ trì thực hiện nhiệm vụ")).toEqual([
      { type: "group", raw: "Các tổ chức chủ trì thực hiện nhiệm vụ", label: "Các tổ chức chủ trì thực hiện nhiệm vụ", kinds: [] },
    ]);
  });
});

describe("splitUnitList", () => {
  it.each([
    ["Sở Tư pháp; Các Sở, ban, ngành; UBND xã, phường trên địa bàn tỉnh", ["Sở Tư pháp", "Các Sở, ban, ngành", "UBND xã, phường trên địa bàn tỉnh"]],
    ["Sở Khoa học và Công nghệ, Thống kê tỉnh", ["Sở Khoa học và Công nghệ", "Thống kê tỉnh"]],
    ["Sở Công Thương và các cơ quan liên quan", ["Sở Công Thương", "các cơ quan liên quan"]],
    ["Sở Y tế; Sở NN&MT", ["Sở Y tế", "Sở NN&MT"]],
    ["Các sở, ngành: Tư pháp, Công an, Nội vụ", ["Sở Tư pháp", "Công an", "Sở Nội vụ"]],
    ["Các cơ quan, đơn vị, địa phương", ["Các cơ quan, đơn vị, địa phương"]],
  ])("splits %j into %j", (cell, names) => {
    expect(splitUnitList(cell)).toEqual(names);
  });

  it.each([...SEED_002, ...SEEDS_000_004, ...OTHER_SPELLINGS])("gives names of %j that each read back as the same one mention", (cell) => {
    const mentions = parseUnitMentions(cell);
    expect(splitUnitList(cell).map((name) => parseUnitMentions(name))).toEqual(mentions.map((m) => [m]));
  });
});

describe("canonicalUnitName", () => {
  it.each([
    ["Sở KH&CN", "Sở Khoa học và Công nghệ"],
    ["Sở KHCN", "Sở Khoa học và Công nghệ"],
    ["Sở KH và CN", "Sở Khoa học và Công nghệ"],
    ["Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"],
    ["sở khoa học và công nghệ", "Sở Khoa học và Công nghệ"],
    ["So Khoa hoc va Cong nghe", "Sở Khoa học và Công nghệ"],
    ["Sở Khoa học và Công nghệ tỉnh", "Sở Khoa học và Công nghệ"],
    ["Sở NN&MT", "Sở Nông nghiệp và Môi trường"],
    ["VP UBND tỉnh", "Văn phòng UBND tỉnh"],
    ["VPUBND tỉnh", "Văn phòng UBND tỉnh"],
    ["Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"],
    ["Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"],
    ["Ủy ban nhân dân tỉnh", "UBND tỉnh"],
    ["Uỷ ban nhân dân xã Tân Cương", "UBND xã Tân Cương"],
    ["Sở Tư Pháp", "Sở Tư pháp"],
    ["Sở TC", "Sở Tài chính"],
    ["Sở Công thương", "Sở Công Thương"],
    ["HHDN", "Hiệp hội Doanh nghiệp tỉnh"],
    ["Hiệp hội doanh nghiệp tỉnh", "Hiệp hội Doanh nghiệp tỉnh"],
    ["Sở Tài chính.", "Sở Tài chính"],
    ["  Thống kê   tỉnh ", "Thống kê tỉnh"],
    ["Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)", "Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)"],
    ["VP UBND tỉnh (Trung tâm Phục vụ HCC)", "Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)"],
    ["Trung tâm Thông tin tỉnh", "Trung tâm Thông tin tỉnh"],
  ])("writes %j as %j", (name, canonical) => {
    expect(canonicalUnitName(name)).toBe(canonical);
  });
});

describe("unitKey", () => {
  it.each([
    ["Sở KH&CN", "so khoa hoc va cong nghe"],
    ["Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"],
    ["Sở Tư Pháp", "so tu phap"],
    ["Sở Tư pháp", "so tu phap"],
    ["VPUBND tỉnh", "van phong ubnd tinh"],
    ["Văn phòng Ủy ban nhân dân tỉnh", "van phong ubnd tinh"],
    ["Van phong Uy ban nhan dan tinh", "van phong ubnd tinh"],
    ["Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)", "van phong ubnd tinh"],
    ["Ủy ban nhân dân tỉnh", "ubnd tinh"],
    ["Sở Tài chính.", "so tai chinh"],
  ])("keys %j as %j", (name, key) => {
    expect(unitKey(name)).toBe(key);
  });
});
