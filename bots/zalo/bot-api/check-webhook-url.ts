import { isIP } from "node:net";

/**
 * Why Zalo would refuse this webhook URL, naming the variable to change; undefined when it looks
 * acceptable. Zalo's setWebhook takes only https, on an address it can reach from the internet:
 * not http, not localhost, not a private or link-local address.
 */
export function checkWebhookUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `PUBLIC_URL does not make a valid webhook URL (${url}): set PUBLIC_URL=https://your-public-domain`;
  }
  if (parsed.protocol !== "https:") {
    const scheme = parsed.protocol.replace(":", "");
    return `PUBLIC_URL must be https for a Zalo webhook (Zalo refuses ${scheme}): got ${parsed.origin}; set PUBLIC_URL=https://your-public-domain, ${orPolling}`;
  }
  if (isLocalHost(parsed.hostname)) {
    return `PUBLIC_URL must be a public https address for a Zalo webhook (Zalo refuses local addresses): got ${parsed.origin}; set PUBLIC_URL to the domain Zalo can reach, ${orPolling}`;
  }
  return undefined;
}

const orPolling = "or unset PUBLIC_URL/ZALO_WEBHOOK_SECRET to use long polling";

function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) return true;
  if (isIP(host) === 4) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (isIP(host) === 6) return host === "::1" || host === "::" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80");
  return false;
}
