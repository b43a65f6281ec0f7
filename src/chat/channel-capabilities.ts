import type { Channel } from "./types.ts";

/**
 * What a channel can show, for wording each prompt for the channel it goes to. Without buttons
 * (Zalo) choices are a numbered list the person answers by typing, and the texts say "gõ số", not
 * "bấm nút": a message key then renders its `<key>_typed` variant when the locale has one
 * (Translator.t's `buttons: false`), and the menu is one numbered list. Zalo is also the channel
 * whose official bot receives no files, so the typed variants ask for a photo or a link.
 */
export interface ChannelCapabilities {
  buttons: boolean;
}

const capabilities: Record<Channel, ChannelCapabilities> = {
  telegram: { buttons: true },
  devchat: { buttons: true },
  zalo: { buttons: false },
};

export function channelCapabilities(channel: Channel | string): ChannelCapabilities {
  return capabilities[channel as Channel] ?? { buttons: false };
}
