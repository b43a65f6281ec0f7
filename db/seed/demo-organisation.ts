import type { Role } from "../../src/domain/roles.ts";
import type { UnitKind } from "../../src/domain/types.ts";

/**
 * The demo province: the units the four seed plans name, a few communes and wards, and the offices
 * of the Department of Science and Technology that Plan 30/KH-SKHCN assigns. The seeds come from
 * several provinces; the demo merges them into one so every flow can be tried at once.
 */
export const demoUnits: { name: string; kind: UnitKind; parent?: string; aliases?: string[] }[] = [
  { name: "Sở Khoa học và Công nghệ", kind: "department" },
  { name: "Sở Tài chính", kind: "department" },
  { name: "Sở Nội vụ", kind: "department" },
  { name: "Sở Tư pháp", kind: "department" },
  { name: "Sở Công Thương", kind: "department" },
  { name: "Sở Y tế", kind: "department" },
  { name: "Sở Nông nghiệp và Môi trường", kind: "department" },
  { name: "Sở Văn hóa, Thể thao và Du lịch", kind: "department" },
  { name: "Sở Giáo dục và Đào tạo", kind: "department" },
  { name: "Sở Xây dựng", kind: "department" },
  { name: "Thống kê tỉnh", kind: "agency" },
  { name: "Công an tỉnh", kind: "agency" },
  { name: "Văn phòng UBND tỉnh", kind: "agency" },
  { name: "Trung tâm Thông tin tỉnh", kind: "agency" },
  { name: "Báo và Phát thanh, Truyền hình tỉnh", kind: "agency" },
  { name: "UBND phường Phan Đình Phùng", kind: "commune" },
  { name: "UBND phường Gia Sàng", kind: "commune" },
  { name: "UBND xã Đại Phúc", kind: "commune" },
  { name: "UBND xã Tân Cương", kind: "commune" },
  { name: "Phòng Quản lý Bưu chính, Viễn thông", kind: "office", parent: "Sở Khoa học và Công nghệ" },
  { name: "Phòng Tài chính", kind: "office", parent: "Sở Khoa học và Công nghệ" },
  { name: "Phòng Chuyển đổi số", kind: "office", parent: "Sở Khoa học và Công nghệ", aliases: ["Phòng Chuyển đối số"] },
  { name: "Phòng Quản lý khoa học", kind: "office", parent: "Sở Khoa học và Công nghệ" },
  { name: "Phòng Quản lý Công nghệ và Chuyên ngành", kind: "office", parent: "Sở Khoa học và Công nghệ" },
  { name: "Văn phòng Sở", kind: "office", parent: "Sở Khoa học và Công nghệ" },
];

/**
 * Central ministries the seed plans name (as coordinating bodies): outside the province, so they owe
 * nothing and get no reminders. The demo marks them so once the plans have named them.
 */
export const demoExternalUnits: string[] = ["Bộ Công an", "Bộ Khoa học và Công nghệ"];

/** Demo people with fixed invite codes, so the README can name them. Phones are not real. */
export const demoPeople: { name: string; phone: string; unit: string; roles: Role[]; locale: "vi" | "en"; inviteCode: string }[] = [
  { name: "Nguyễn Thị Lan", phone: "0912000001", unit: "Sở Khoa học và Công nghệ", roles: ["focal_point"], locale: "vi", inviteCode: "DM-KHCN" },
  { name: "Trần Văn Minh", phone: "0912000002", unit: "Sở Khoa học và Công nghệ", roles: ["unit_head"], locale: "vi", inviteCode: "LD-KHCN" },
  { name: "Lê Thu Hà", phone: "0912000003", unit: "Sở Khoa học và Công nghệ", roles: ["coordinator", "admin"], locale: "vi", inviteCode: "DP-KHCN" },
  { name: "Phạm Quốc Bảo", phone: "0912000004", unit: "Sở Tài chính", roles: ["focal_point"], locale: "vi", inviteCode: "DM-TC" },
  { name: "Hoàng Văn Nam", phone: "0912000005", unit: "Sở Tài chính", roles: ["unit_head"], locale: "vi", inviteCode: "LD-TC" },
  { name: "Đỗ Thị Mai", phone: "0912000006", unit: "UBND phường Phan Đình Phùng", roles: ["focal_point"], locale: "vi", inviteCode: "DM-PDP" },
  { name: "Nguyễn Minh Anh", phone: "0912000007", unit: "Thống kê tỉnh", roles: ["focal_point"], locale: "en", inviteCode: "DM-TK" },
  { name: "Vũ Đức Long", phone: "0912000008", unit: "Phòng Chuyển đổi số", roles: ["focal_point"], locale: "vi", inviteCode: "DM-CDS" },
];
