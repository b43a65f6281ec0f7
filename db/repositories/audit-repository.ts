import type { Db } from "../client.ts";
import { auditLog } from "../schema.ts";

export type AuditEntry = Omit<typeof auditLog.$inferInsert, "id">;

/** One line of the audit log: who did what to which entity, and when. */
export async function writeAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry).run();
}
