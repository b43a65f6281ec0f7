import { describe, expect, it } from "vitest";
import { periodOf } from "../../src/chat/flows/export.ts";
import { recognizeExport } from "../../src/chat/recognize-export.ts";

/** 09:00 on 3 December 2026 in Hà Nội. */
const now = new Date("2026-12-03T02:00:00Z");
const period = (text: string, at = now) => {
  const request = recognizeExport(text);
  return request ? periodOf(request.rest, at) : "not an export";
};

describe("/xuat: which period a request names (pure core)", () => {
  it.each([
    ["xuất báo cáo tháng 11", "2026-11"],
    ["xuat bao cao thang 11", "2026-11"],
    ["Xuất BC T11", "2026-11"],
    ["xuat bc quy 3", "2026-Q3"],
    ["xuất báo cáo quý III/2025", "2025-Q3"],
    ["xuat bc quy 3 2025", "2025-Q3"],
    ["/xuat 2026", "2026"],
    ["/xuat@chitieu_bot 2026-11", "2026-11"],
    ["/xuat 2025-q4", "2025-Q4"],
    ["xuất báo cáo 6 tháng đầu năm", "2026-H1"],
    ["xuất báo cáo 9 tháng năm 2026", "2026-9M"],
    ["xuất báo cáo năm 2025", "2025"],
    ["export report 11/2026", "2026-11"],
  ])("reads %j as %s", (text, key) => {
    expect(period(text)).toEqual({ kind: "ok", key });
  });

  it("takes the latest such month that has begun: 'tháng 12' in January 2027 is December 2026", () => {
    expect(period("xuất báo cáo tháng 12", new Date("2027-01-05T02:00:00Z"))).toEqual({ kind: "ok", key: "2026-12" });
    expect(period("xuất báo cáo tháng 1", new Date("2027-01-05T02:00:00Z"))).toEqual({ kind: "ok", key: "2027-01" });
  });

  it("uses the wall clock in Hà Nội: 23:30 UTC on 30 November is already December there", () => {
    expect(period("xuất báo cáo tháng 12", new Date("2026-11-30T23:30:00Z"))).toEqual({ kind: "ok", key: "2026-12" });
  });

  it("asks back for a missing or doubled period, and says when a period has not begun", () => {
    expect(period("xuất báo cáo")).toEqual({ kind: "ask", why: "missing" });
    expect(period("/xuat")).toEqual({ kind: "ask", why: "missing" });
    expect(period("xuat bc gi do")).toEqual({ kind: "ask", why: "missing" });
    expect(period("xuất báo cáo tháng 10 và tháng 11")).toEqual({ kind: "ask", why: "twice" });
    expect(period("/xuat 2027-Q1")).toEqual({ kind: "future", key: "2027-Q1" });
  });

  it("is not asked of by other words that start with 'xuất'", () => {
    expect(period("xuất khẩu tăng 5%")).toBe("not an export");
    expect(period("báo cáo xuất khẩu")).toBe("not an export");
  });
});
