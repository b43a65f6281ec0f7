import { describe, expect, it } from "vitest";
import { searchKey, stripDiacritics } from "../../src/domain/search-key.ts";

describe("searchKey", () => {
  it.each([
    ["Sở Khoa học và Công nghệ", "so khoa hoc va cong nghe"],
    ["phủ sóng 5G", "phu song 5g"],
    ["SỞ KHOA HỌC VÀ CÔNG NGHỆ", "so khoa hoc va cong nghe"],
    ["so khoa hoc va cong nghe", "so khoa hoc va cong nghe"],
    ["Đổi mới sáng tạo", "doi moi sang tao"],
    ["đường Đinh Tiên Hoàng", "duong dinh tien hoang"],
    ["Ủy ban nhân dân", "uy ban nhan dan"],
    ["Uỷ ban nhân dân", "uy ban nhan dan"],
    // decomposed (NFD) input, as some keyboards and PDF extractions produce it
    ["Sở Tư pháp".normalize("NFD"), "so tu phap"],
    ["Sở\u200B Tư pháp", "so tu phap"],
    ["Công ng\u00ADhệ", "cong nghe"],
    ["Sở KH&CN", "so kh cn"],
    ["KH-CN, ĐMST", "kh cn dmst"],
    ["  Sở   Tư pháp.  ", "so tu phap"],
    ["Phòng Quản lý khoa học.", "phong quan ly khoa hoc"],
    ["≥ 1.500", "1.500"],
    ["≥ 2,5%", "2,5%"],
    ["20/34", "20/34"],
    ["Nhóm 15 \ntỉnh\n đứng đầu", "nhom 15 tinh dung dau"],
    ["Văn phòng UBND tỉnh (Trung tâm Phục vụ HCC)", "van phong ubnd tinh trung tam phuc vu hcc"],
    ["“Bình dân học vụ số”", "binh dan hoc vu so"],
    ["focal_point", "focal point"],
    ["５Ｇ", "5g"],
    ["", ""],
  ])("turns %j into %j", (text, key) => {
    expect(searchKey(text)).toBe(key);
  });
});

describe("stripDiacritics", () => {
  it.each([
    ["Sở Khoa học và Công nghệ", "So Khoa hoc va Cong nghe"],
    ["Đắk Lắk", "Dak Lak"],
    ["ĐỔI MỚI", "DOI MOI"],
    ["Quý II/2026", "Quy II/2026"],
    ["≥ 70%", "≥ 70%"],
  ])("turns %j into %j and keeps case and symbols", (text, plain) => {
    expect(stripDiacritics(text)).toBe(plain);
  });
});
