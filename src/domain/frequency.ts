/** How often an assigned item is reported: the one list the schema, the CLI, the chat and the reminders share. */
export const frequencies = ["monthly", "quarterly", "half_year", "nine_months", "yearly", "one_off"] as const;
export type Frequency = (typeof frequencies)[number];
