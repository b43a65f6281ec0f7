import { describe, expect, it } from "vitest";
import { inferValueKind } from "../../src/domain/infer-value-kind.ts";
import { parseTarget } from "../../src/domain/parse-target.ts";
import type { ValueKind } from "../../src/domain/types.ts";

describe("inferValueKind", () => {
  it.each<[string, string | undefined, string[], ValueKind]>([
    // seed 000
    ["Nhiệm vụ KHCN và ĐMST sử dụng ngân sách nhà nước được triển khai theo cơ chế đặt hàng nhiệm vụ KHCN", undefined, ["≥ 70%"], "percent"],
    ["Tổng chi ngân sách cho KH-CN, đổi mới sáng tạo và chuyển đổi số/Tổng chi ngân sách", undefined, ["$\\geq 3\\%$"], "percent"],
    ["Phát triển tổ chức khoa học công nghệ", undefined, ["≥ 2"], "count"],
    ["Số cán bộ nghiên cứu KH-CN toàn tỉnh", undefined, ["≥ 650"], "count"],
    ["Chỉ số PII cấp tỉnh", undefined, ["≤ 23"], "rank"],
    ["Số lượng sáng kiến cấp tỉnh", undefined, ["10"], "count"],
    // seed 001
    ["Tỷ lệ phủ sóng 5G trên địa bàn.", undefined, ["≥20%", "99%"], "percent"],
    ["Số lượng cán bộ nghiên cứu khoa học và công nghệ toàn tỉnh.", undefined, ["≥ 300", "≥ 1.500"], "count"],
    ["Xếp hạng chỉ số đổi mới sáng tạo cấp tỉnh (PII).", undefined, ["20/34", "17/34", "15/34", "Nhóm 15 tỉnh đứng đầu"], "rank"],
    ["Xếp hạng chuyển đổi số cấp tỉnh (DTI).", undefined, [], "rank"],
    ["Số lượng Dự án khởi nghiệp sáng tạo.", undefined, ["50 - 60", "50 - 70"], "count"],
    ["Quy mô kinh tế số trong GRDP.", undefined, ["12%", "24%"], "percent"],
    ["Số lượng doanh nghiệp sử dụng kết quả nghiên cứu trong sản xuất/kinh doanh.", undefined, ["≥ 10%"], "percent"],
    // seed 004
    ["Tỷ trọng giá trị tăng thêm của kinh tế số trong GDP", "%", ["≥35"], "percent"],
    ["Tỷ lệ thủ tục hành chính được thực hiện không phụ thuộc vào địa giới hành chính", "%", ["100"], "percent"],
    ["Hình thành và đưa vào vận hành trung tâm đổi mới sáng tạo và khởi nghiệp", "Trung tâm", ["01"], "count"],
    // seed 002: no targets, the name decides
    ["Số lượng bài báo khoa học quốc tế", undefined, [], "count"],
    ["Tỷ lệ công bố khoa học có hợp tác quốc tế", undefined, [], "percent"],
    ["Tổng chi từ ngân sách cho KH&CN, ĐMST", undefined, [], "money"],
    ["Doanh thu từ hoạt động chuyển giao công nghệ", undefined, [], "money"],
    ["Giá trị tiết kiệm được do thay thế hàng hóa nhập khẩu bằng sản phẩm trong nước", undefined, [], "money"],
    ["Mức kinh phí bình quân để tạo ra một công bố khoa học quốc tế", undefined, [], "money"],
    ["Tỷ lệ huy động vốn ngoài ngân sách nhà nước", undefined, [], "percent"],
    ["Chỉ số H index của nhóm nghiên cứu được huy động và tham gia thực hiện", undefined, [], "score"],
    ["Mức độ cải thiện chất lượng cung ứng dịch vụ công", undefined, [], "text"],
    ["Thẻ chế trong lĩnh vực KH&CN, ĐMST", undefined, [], "text"],
    // units and text targets
    ["Doanh thu thương mại điện tử", "tỷ đồng", ["≥ 1.500"], "money"],
    ["Điểm đánh giá mức độ hài lòng", "điểm", ["≥ 8,5"], "score"],
    ["Số người lao động được đào tạo", "người lao động", ["≥ 100"], "count"],
    ["Ứng dụng trí tuệ nhân tạo trong quản lý", undefined, ["Có ứng dụng"], "text"],
    ["Tỷ lệ hồ sơ được số hóa", undefined, [], "percent"],
  ])("reads %j (unit %j, targets %j) as %s", (name, unitOfMeasure, rawTargets, kind) => {
    expect(inferValueKind({ name, unitOfMeasure, targets: rawTargets.map(parseTarget) })).toBe(kind);
  });
});
