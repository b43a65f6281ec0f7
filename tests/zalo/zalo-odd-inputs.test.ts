import { expect } from "vitest";
import { startTestApp } from "../support/test-app.ts";
import { zaloUser } from "../support/zalo-user.ts";
import { describeOddInputsOverZalo } from "./odd-inputs-over-zalo.ts";

/**
 * The odd-input corpus over the official Zalo bot: each input POSTed to /zalo/webhook as the Bot
 * API would deliver it, the answers read off the fake Zalo Bot API. Attachments the Bot API has no
 * event for (document, video, audio, location, contact) arrive as an unsupported message.
 */
describeOddInputsOverZalo("odd or hostile inputs over the official Zalo bot: an answer that fits, in the reader's language, no data before linking, nothing stored", async () => {
  const app = await startTestApp({ demo: true, zalo: true });
  const users = new Map<string, ReturnType<typeof zaloUser>>();
  return {
    app,
    accountId: app.zalo!.transport.accountId,
    async send(userId, input) {
      const user = users.get(userId) ?? zaloUser(userId);
      users.set(userId, user);
      const body = input.attachment ? user.attachment(input.attachment, input.text) : user.text(input.text ?? "");
      const before = app.zalo!.fake.sentTexts(userId).length;
      const res = await app.postZaloUpdate(body);
      expect(res.status).toBe(200);
      return app.zalo!.fake.sentTexts(userId).slice(before);
    },
    close: () => app.close(),
  };
});
