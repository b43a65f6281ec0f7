import { zcaAttachment, zcaUser } from "../support/fake-zca.ts";
import { say, sentTo, startZcaApp } from "../support/zca-app.ts";
import { describeOddInputsOverZalo } from "./odd-inputs-over-zalo.ts";

/**
 * The odd-input corpus over a personal account (zca-js): each input handed to the fake zca-js
 * listener as a real-shaped message (text, photo, file, sticker, voice, or a type the bot does not
 * read), the answers read off the fake's sendMessage.
 */
describeOddInputsOverZalo("odd or hostile inputs over a personal Zalo account (zca-js): an answer that fits, in the reader's language, no data before linking, nothing stored", async () => {
  const z = await startZcaApp();
  return {
    app: z.app,
    accountId: z.transport.accountId,
    async send(userId, input) {
      const user = zcaUser(z.fake.ownId, userId);
      const message = input.attachment ? zcaAttachment(user, input.attachment, input.text) : user.text(input.text ?? "");
      const before = sentTo(z, userId).length;
      await say(z, message);
      return sentTo(z, userId).slice(before);
    },
    async close() {
      await z.connection.stop();
      await z.app.close();
    },
  };
});
