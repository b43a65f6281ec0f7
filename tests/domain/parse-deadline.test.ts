import { describe, expect, it } from "vitest";
import { nextDueAt, parseDeadline } from "../../src/domain/parse-deadline.ts";
import type { Deadline } from "../../src/domain/types.ts";

describe("parseDeadline", () => {
  it.each([
    ["05/12/2026", "2026-12-05", "2026-12-05T16:59:59.000Z"],
    ["30/6/2026", "2026-06-30", "2026-06-30T16:59:59.000Z"],
    ["trước ngày 31/3/2026", "2026-03-31", "2026-03-31T16:59:59.000Z"],
    ["**trước ngày 25/12/2026**", "2026-12-25", "2026-12-25T16:59:59.000Z"],
    ["**trước ngày 05/12/2026**", "2026-12-05", "2026-12-05T16:59:59.000Z"],
    ["truoc ngay 31/3/2026", "2026-03-31", "2026-03-31T16:59:59.000Z"],
    ["<b>30/6/2026</b>", "2026-06-30", "2026-06-30T16:59:59.000Z"],
    ["05.12.2026", "2026-12-05", "2026-12-05T16:59:59.000Z"],
    ["ngày 04 tháng 11 năm 2025", "2025-11-04", "2025-11-04T16:59:59.000Z"],
    ["từ 01/3/2026 đến 30/6/2026", "2026-06-30", "2026-06-30T16:59:59.000Z"],
    ["trước 16h00 ngày 25/12/2026", "2026-12-25", "2026-12-25T09:00:00.000Z"],
    ["01/01/2026", "2026-01-01", "2026-01-01T16:59:59.000Z"],
  ])("reads %j as the date %s, due at %s", (raw, date, dueAt) => {
    expect(parseDeadline(raw)).toEqual({ kind: "date", raw, date, dueAt });
  });

  it.each([
    ["Quý II/2026", 2026, 2, "2026-06-30T16:59:59.000Z"],
    ["Quý I/2026", 2026, 1, "2026-03-31T16:59:59.000Z"],
    ["Quý III/2026", 2026, 3, "2026-09-30T16:59:59.000Z"],
    ["Quý IV/2026", 2026, 4, "2026-12-31T16:59:59.000Z"],
    ["quy II/2026", 2026, 2, "2026-06-30T16:59:59.000Z"],
    ["QUÝ II/2026", 2026, 2, "2026-06-30T16:59:59.000Z"],
    ["quý 2 năm 2026", 2026, 2, "2026-06-30T16:59:59.000Z"],
    ["<b>Quý II/2026</b>", 2026, 2, "2026-06-30T16:59:59.000Z"],
  ])("reads %j as quarter %d/%d due at %s", (raw, year, quarter, dueAt) => {
    expect(parseDeadline(raw)).toEqual({ kind: "quarter", raw, year, quarter, dueAt });
  });

  it.each([
    ["Phấn đấu hoàn thành trong tháng 12/2025", 2025, 12, "2025-12-31T16:59:59.000Z"],
    ["tháng 2/2026", 2026, 2, "2026-02-28T16:59:59.000Z"],
    ["Tháng 6 năm 2026", 2026, 6, "2026-06-30T16:59:59.000Z"],
    ["12/2025", 2025, 12, "2025-12-31T16:59:59.000Z"],
    ["6 tháng đầu năm 2026", 2026, 6, "2026-06-30T16:59:59.000Z"],
    ["9 tháng năm 2026", 2026, 9, "2026-09-30T16:59:59.000Z"],
  ])("reads %j as the month %d-%d due at %s", (raw, year, month, dueAt) => {
    expect(parseDeadline(raw)).toEqual({ kind: "month", raw, year, month, dueAt });
  });

  it.each([
    ["Hoàn thành trong năm 2025 và duy trì thực hiện thường xuyên", 2025, true],
    ["Hoàn thành trong năm 2025", 2025, false],
    ["Năm 2026", 2026, false],
    ["2026", 2026, false],
    ["nam 2026", 2026, false],
    ["Năm 2026 và các năm tiếp theo duy trì hằng năm", 2026, true],
    ["6 tháng cuối năm 2026", 2026, false],
    ["Giai đoạn 2026-2030", 2030, false],
  ])("reads %j as the year %d (then continuous: %s)", (raw, year, thenContinuous) => {
    expect(parseDeadline(raw)).toEqual({ kind: "year", raw, year, dueAt: `${year}-12-31T16:59:59.000Z`, thenContinuous });
  });

  it.each<[string, Deadline]>([
    ["trước 16h00 ngày 25 hàng tháng", { kind: "recurring", raw: "trước 16h00 ngày 25 hàng tháng", frequency: "monthly", day: 25, hour: 16, minute: 0 }],
    ["**trước 16h00 ngày 25 hàng tháng**", { kind: "recurring", raw: "**trước 16h00 ngày 25 hàng tháng**", frequency: "monthly", day: 25, hour: 16, minute: 0 }],
    ["truoc 16h00 ngay 25 hang thang", { kind: "recurring", raw: "truoc 16h00 ngay 25 hang thang", frequency: "monthly", day: 25, hour: 16, minute: 0 }],
    ["trước 16 giờ 30 ngày 20 hằng tháng", { kind: "recurring", raw: "trước 16 giờ 30 ngày 20 hằng tháng", frequency: "monthly", day: 20, hour: 16, minute: 30 }],
    ["Hằng tháng, trước ngày 20", { kind: "recurring", raw: "Hằng tháng, trước ngày 20", frequency: "monthly", day: 20, hour: 23, minute: 59, second: 59 }],
    ["ngày 10 mỗi tháng, trước 17:00", { kind: "recurring", raw: "ngày 10 mỗi tháng, trước 17:00", frequency: "monthly", day: 10, hour: 17, minute: 0 }],
    ["trước ngày 05/12 hằng năm", { kind: "recurring", raw: "trước ngày 05/12 hằng năm", frequency: "yearly", month: 12, day: 5, hour: 23, minute: 59, second: 59 }],
    ["ngày 15 tháng 12 hàng năm", { kind: "recurring", raw: "ngày 15 tháng 12 hàng năm", frequency: "yearly", month: 12, day: 15, hour: 23, minute: 59, second: 59 }],
  ])("reads %j as a recurring rule", (raw, expected) => {
    expect(parseDeadline(raw)).toEqual(expected);
  });

  it.each(["Thường xuyên", "thuong xuyen", "THƯỜNG XUYÊN", "Hằng năm", "Hàng năm", "Định kỳ hằng quý", "Liên tục"])(
    "reads %j as continuous",
    (raw) => {
      expect(parseDeadline(raw)).toEqual({ kind: "continuous", raw });
    },
  );

  it.each([
    "Thực hiện theo hướng dẫn của Trung ương",
    "Theo hướng dẫn của Trung ương",
    "Thời hạn trình theo văn bản giao nhiệm vụ, các chỉ đạo của Chính phủ, Lãnh đạo Chính phủ; thời hạn ban hành, có hiệu lực đồng bộ với Luật và các văn bản quy phạm pháp luật khác có liên quan",
    "Thực hiện theo Phụ lục I, Kế hoạch 215/KH-UBND ngày 31/12/2025",
    "",
    "   ",
    "Quý IV",
    "tháng 12",
    "31/02/2026",
  ])("reads %j as no deadline", (raw) => {
    expect(parseDeadline(raw)).toEqual({ kind: "none", raw });
  });

  it.each<[string, Deadline]>([
    ["Quý IV", { kind: "quarter", raw: "Quý IV", year: 2026, quarter: 4, dueAt: "2026-12-31T16:59:59.000Z" }],
    ["trong tháng 12", { kind: "month", raw: "trong tháng 12", year: 2026, month: 12, dueAt: "2026-12-31T16:59:59.000Z" }],
    ["trước ngày 31/3", { kind: "date", raw: "trước ngày 31/3", date: "2026-03-31", dueAt: "2026-03-31T16:59:59.000Z" }],
    ["30/6/2027", { kind: "date", raw: "30/6/2027", date: "2027-06-30", dueAt: "2027-06-30T16:59:59.000Z" }],
  ])("fills in the plan's year for %j when defaultYear is given", (raw, expected) => {
    expect(parseDeadline(raw, { defaultYear: 2026 })).toEqual(expected);
  });
});

describe("nextDueAt", () => {
  const monthly = parseDeadline("trước 16h00 ngày 25 hàng tháng");

  it.each([
    ["2026-03-10T00:00:00.000Z", "2026-03-25T09:00:00.000Z"],
    ["2026-03-25T09:00:00.000Z", "2026-03-25T09:00:00.000Z"],
    ["2026-03-25T09:00:01.000Z", "2026-04-25T09:00:00.000Z"],
    // 00:30 on 26/3 in Vietnam is still the 25th in UTC: the local calendar decides
    ["2026-03-25T17:30:00.000Z", "2026-04-25T09:00:00.000Z"],
    ["2026-12-31T00:00:00.000Z", "2027-01-25T09:00:00.000Z"],
  ])("finds the next monthly due time after %s: %s", (from, due) => {
    expect(nextDueAt(monthly, new Date(from))?.toISOString()).toBe(due);
  });

  it("falls on the last day of a shorter month for day 31", () => {
    const d: Deadline = { kind: "recurring", raw: "ngày 31 hằng tháng", frequency: "monthly", day: 31, hour: 23, minute: 59, second: 59 };
    expect(nextDueAt(d, new Date("2026-02-10T00:00:00.000Z"))?.toISOString()).toBe("2026-02-28T16:59:59.000Z");
  });

  it.each([
    ["2026-11-01T00:00:00.000Z", "2026-12-05T16:59:59.000Z"],
    ["2026-12-05T17:00:00.000Z", "2027-12-05T16:59:59.000Z"],
  ])("finds the next yearly due time after %s: %s", (from, due) => {
    expect(nextDueAt(parseDeadline("trước ngày 05/12 hằng năm"), new Date(from))?.toISOString()).toBe(due);
  });

  it.each([
    ["05/12/2026", "2026-12-05T16:59:59.000Z"],
    ["Quý II/2026", "2026-06-30T16:59:59.000Z"],
    ["tháng 12/2025", "2025-12-31T16:59:59.000Z"],
    ["Năm 2026", "2026-12-31T16:59:59.000Z"],
  ])("gives the dueAt of the dated %j, even once it has passed", (raw, due) => {
    expect(nextDueAt(parseDeadline(raw), new Date("2030-01-01T00:00:00.000Z"))?.toISOString()).toBe(due);
  });

  it.each(["Thường xuyên", "Thực hiện theo hướng dẫn của Trung ương"])("has no due time for %j", (raw) => {
    expect(nextDueAt(parseDeadline(raw), new Date("2026-01-01T00:00:00.000Z"))).toBeUndefined();
  });
});

describe("parseDeadline edge cases", () => {
  it("does not invent 29/02 in a year without it", () => {
    expect(parseDeadline("trước ngày 29/02", { defaultYear: 2026 })).toEqual({ kind: "none", raw: "trước ngày 29/02" });
  });

  it("moves a yearly 29/02 to 28/02 in years without it", () => {
    const d = parseDeadline("ngày 29/02 hằng năm");
    expect(nextDueAt(d, new Date("2026-01-01T00:00:00.000Z"))?.toISOString()).toBe("2026-02-28T16:59:59.000Z");
  });

  it("does not take the 'h' of 'hằng tháng' for an hour", () => {
    expect(parseDeadline("ngày 20 hằng tháng")).toMatchObject({ kind: "recurring", day: 20, hour: 23, minute: 59, second: 59 });
  });
});
