/**
 * A request URL as access logs may keep it: the path with phone-like digit runs hidden, and the
 * query string's values hidden (its keys stay, they say what was asked). Dev-chat and admin URLs
 * carry phone numbers (`/dev/inbox?user=0912…`); a log file is read by more people than the data.
 * The token of a file link (`/files/<token>/…`) is hidden whole.
 */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? undefined : url.slice(queryStart + 1);
  // A signed download link is a credential while it lasts: its token never reaches a log.
  const safePath = path.replace(/^\/files\/[^/?]+/, `/files/${hidden}`).replace(phoneLike, (run) => (digitCount(run) >= minPhoneDigits ? hidden : run));
  if (query === undefined) return safePath;
  const safeQuery = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const key = (eq === -1 ? pair : pair.slice(0, eq)).replace(phoneLike, (run) => (digitCount(run) >= minPhoneDigits ? hidden : run));
      return eq === -1 ? key : `${key}=${hidden}`;
    })
    .join("&");
  return `${safePath}?${safeQuery}`;
}

const hidden = "[redacted]";
/** Vietnamese numbers have 10 digits (0912 345 678), 11 with +84; 8 catches them however they are split. */
const minPhoneDigits = 8;
/** A digit run, possibly with + / %2B in front and separators (. - _ space %20) inside. */
const phoneLike = /(?:\+|%2B)?\d(?:[\d.\-_ ]|%20)*\d/gi;

function digitCount(run: string): number {
  return run.replace(/%2B|%20/gi, "").replace(/\D/g, "").length;
}
