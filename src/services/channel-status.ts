import type { Logger } from "pino";
import type { Message } from "../chat/types.ts";
import type { Clock } from "../clock.ts";
import { toVnParts } from "../domain/vn-time.ts";
import type { CoordinatorAlert } from "./alert-coordinators.ts";

/** What /healthz says of one channel: up, down since when and why, starting, or off. */
export type ChannelStatus =
  | { state: "off"; since: string; detail?: string }
  | { state: "starting"; since: string; detail?: string }
  | { state: "up"; since: string; detail?: string }
  | {
      state: "down";
      /** When it went down; later failures of the same outage keep it. */
      since: string;
      /** The latest failure, with what to check. */
      reason: string;
      /** Reports of this outage so far (each failed attempt is one). */
      failures: number;
      /** True while the transport tries again by itself; false when it waits for a person (a new token, URL or login). */
      retrying: boolean;
      /** Coordinators were told about this outage (once). */
      alerted: boolean;
    };

export interface ChannelDown {
  reason: string;
  /** The reason in the coordinators' words, for the default alert (reason is for the log and /healthz, in English). */
  said?: Message;
  retrying: boolean;
  /**
   * What coordinators are told, once per outage: at once for an outage that waits for a person, after
   * a few failed attempts (or minutes) for one that retries. Default: channel.down_alert. `false`:
   * someone else told them already (the zca kick alert).
   */
  alert?: Message | false;
  /** Tell coordinators now even though the transport retries: retrying will not help without a person (a refused token or URL). */
  alertNow?: boolean;
}

export interface ChannelStatusRegistry {
  off(channel: string, detail?: string): void;
  starting(channel: string, detail?: string): void;
  up(channel: string, detail?: string): void;
  down(channel: string, down: ChannelDown): void;
  get(channel: string): ChannelStatus | undefined;
  /** Every channel that reported, by name: what /healthz shows. */
  all(): Record<string, ChannelStatus>;
}

export interface ChannelStatusOptions {
  clock: Clock;
  logger: Logger;
  /** Tells coordinators (alertCoordinators through the outbox); absent: outages are only logged. */
  alert?: (alert: CoordinatorAlert) => void;
  /** A retrying outage is alerted after this many failed attempts (default 5: past a blip, before a login refused 3 times is called one)… */
  alertAfterFailures?: number;
  /** …or after this long, whichever comes first (default 10 minutes). */
  alertAfterMs?: number;
}

/**
 * The one place transports report their state into and /healthz reads from. An outage is one
 * incident from its first failure until the channel is up again: `since` stays, the reason follows
 * the latest failure, and coordinators hear of it once (incident key: channel and `since`), on their
 * other channels. Nothing here sends or retries: the transports do, and say so.
 */
export function createChannelStatus(options: ChannelStatusOptions): ChannelStatusRegistry {
  const { clock, logger } = options;
  const alertAfterFailures = options.alertAfterFailures ?? 5;
  const alertAfterMs = options.alertAfterMs ?? 10 * 60_000;
  const states = new Map<string, ChannelStatus>();

  const set = (channel: string, state: "off" | "starting" | "up", detail?: string) => {
    const previous = states.get(channel);
    const since = previous?.state === state ? previous.since : clock.now().toISOString();
    if (previous?.state === "down" && state === "up") logger.info({ channel, downSince: previous.since }, `${channel} is up again`);
    states.set(channel, { state, since, ...(detail ? { detail } : {}) });
  };

  const tellCoordinators = (channel: string, status: Extract<ChannelStatus, { state: "down" }>, message: Message): boolean => {
    if (!options.alert) return false;
    try {
      options.alert({ message, incidentKey: `${channel}-down:${status.since}`, exceptChannel: channel });
      return true;
    } catch (err) {
      logger.error({ channel, err: err instanceof Error ? err.message : String(err) }, "the coordinators could not be told that a channel is down");
      return false;
    }
  };

  return {
    off: (channel, detail) => set(channel, "off", detail),
    starting: (channel, detail) => set(channel, "starting", detail),
    up: (channel, detail) => set(channel, "up", detail),
    down(channel, down) {
      const previous = states.get(channel);
      const now = clock.now();
      const ongoing = previous?.state === "down" ? previous : undefined;
      const status: Extract<ChannelStatus, { state: "down" }> = {
        state: "down",
        since: ongoing?.since ?? now.toISOString(),
        reason: down.reason,
        failures: (ongoing?.failures ?? 0) + 1,
        retrying: down.retrying,
        alerted: ongoing?.alerted ?? false,
      };
      if (!ongoing) logger.error({ channel, reason: down.reason, retrying: down.retrying }, `${channel} is down`);
      const due = !down.retrying || down.alertNow === true || status.failures >= alertAfterFailures || now.getTime() - Date.parse(status.since) >= alertAfterMs;
      if (!status.alerted && due) {
        if (down.alert === false) status.alerted = true;
        else status.alerted = tellCoordinators(channel, status, down.alert ?? { key: "channel.down_alert", params: { channel: channelName(channel), since: vnTime(status.since), reason: down.said ?? down.reason } });
      }
      states.set(channel, status);
    },
    get: (channel) => states.get(channel),
    all: () => Object.fromEntries(states),
  };
}

/** "14:05 20/11/2026", Vietnam's wall clock, for the coordinators' alert. */
export function vnTime(iso: string): string {
  const p = toVnParts(new Date(iso));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(p.hour)}:${two(p.minute)} ${two(p.day)}/${two(p.month)}/${p.year}`;
}

function channelName(channel: string): string {
  return channel === "zalo" ? "Zalo" : channel === "telegram" ? "Telegram" : channel;
}
