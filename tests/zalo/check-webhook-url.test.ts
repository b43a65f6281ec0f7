import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../../bots/zalo/bot-api/check-webhook-url.ts";

describe("a webhook URL Zalo would accept", () => {
  it("accepts https on a public name or address", () => {
    expect(checkWebhookUrl("https://chitieu.tinh.gov.vn/zalo/webhook")).toBeUndefined();
    expect(checkWebhookUrl("https://203.113.1.10/zalo/webhook")).toBeUndefined();
  });

  it("refuses http, naming PUBLIC_URL and the way out (long polling)", () => {
    expect(checkWebhookUrl("http://chitieu.tinh.gov.vn/zalo/webhook")).toMatch(/^PUBLIC_URL must be https for a Zalo webhook \(Zalo refuses http\).*long polling$/);
  });

  it("refuses local and private addresses", () => {
    for (const url of ["https://localhost:3000/zalo/webhook", "https://127.0.0.1/zalo/webhook", "https://192.168.1.20/zalo/webhook", "https://10.0.0.5/zalo/webhook", "https://[::1]/zalo/webhook", "https://chitieu.local/zalo/webhook"]) {
      expect(checkWebhookUrl(url), url).toMatch(/^PUBLIC_URL must be a public https address/);
    }
  });
});
