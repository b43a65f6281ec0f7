/** '"≥ 20%", "99%"': values quoted as printed, for review messages. */
export function quoteList(raws: readonly string[]): string {
  return raws.map((raw) => `"${raw}"`).join(", ");
}
