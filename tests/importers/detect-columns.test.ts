import { describe, expect, it } from "vitest";
import { detectColumns } from "../../src/importers/table/detect-columns.ts";

describe("detectColumns", () => {
  it("tells the name column 'Mục tiêu' from the target column 'Mục tiêu năm 2026' (seed 000)", () => {
    expect(detectColumns(["STT", "Mục tiêu", "Mục tiêu năm 2026", "Cơ quan, đơn vị, địa phương chủ trì thực hiện", "Cơ quan theo dõi, tổng hợp"])).toEqual([
      { role: "number" },
      { role: "name" },
      { role: "target", year: 2026 },
      { role: "lead" },
      { role: "monitoring" },
    ]);
  });

  it("tells the unit of measure 'Đơn vị' from the lead 'Đơn vị chủ trì'", () => {
    expect(detectColumns(["TT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì thực hiện", "Văn bản nguồn"]).map((c) => c.role)).toEqual([
      "number", "name", "unitOfMeasure", "result", "lead", "sourceDocument",
    ]);
    expect(detectColumns(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]).map((c) => c.role)).toEqual([
      "number", "name", "lead", "coordinating", "deadline",
    ]);
  });

  it("reads task headers (seed 004 Appendix II and III)", () => {
    expect(detectColumns(["TT", "Nhiệm vụ cụ thể", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả", "Thời hạn", "Căn cứ giao nhiệm vụ"]).map((c) => c.role)).toEqual([
      "number", "name", "lead", "coordinating", "result", "deadline", "basis",
    ]);
    expect(detectColumns(["TT", "Tên nhiệm vụ", "Chủ trì", "Phối hợp", "Sản phẩm", "Thời hạn hoàn thành"]).map((c) => c.role)).toEqual([
      "number", "name", "lead", "coordinating", "result", "deadline",
    ]);
  });

  it("reads baselines and targets by year", () => {
    expect(detectColumns(["TT", "Chỉ tiêu", "Đơn vị tính", "Hiện trạng năm 2024", "Mục tiêu 2025", "2030", "Giai đoạn 2026-2030", "Ghi chú", "Cột lạ"])).toEqual([
      { role: "number" },
      { role: "name" },
      { role: "unitOfMeasure" },
      { role: "baseline", year: 2024 },
      { role: "target", year: 2025 },
      { role: "target", year: 2030 },
      { role: "target", year: 2030 },
      { role: "note" },
      { role: "unknown" },
    ]);
  });
});
