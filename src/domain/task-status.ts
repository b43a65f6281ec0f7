/** Where a task stands, as its focal point reports it: the one list the schema, the chat and the exports share. */
export const taskStatuses = ["not_started", "in_progress", "done", "blocked"] as const;
export type TaskStatus = (typeof taskStatuses)[number];
