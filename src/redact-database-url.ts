/**
 * A database URL as logs and messages may show it: the password hidden, and the values of query
 * parameters that may carry one (password, sslkey, …). User, host, port and database stay: they
 * are what an operator needs to see which server was meant.
 */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return hasCredentials(url) ? "[redacted: not a URL]" : url;
  }
  if (parsed.password) parsed.password = hidden;
  for (const key of [...parsed.searchParams.keys()]) {
    if (/pass|secret|key|token|cert/i.test(key)) parsed.searchParams.set(key, hidden);
  }
  return parsed.toString();
}

const hidden = "***";

function hasCredentials(value: string): boolean {
  return /:\/\/[^/?#\s]*@/.test(value);
}
