import { describe, expect, it } from "vitest";
import { rateWindows } from "../../src/outbox/rate-windows.ts";
import { SlidingWindowLimiter } from "../../src/outbox/sliding-window-limiter.ts";

describe("rate windows", () => {
  it("reads Telegram's defaults as 30 in any second, 1 per second per chat, and 20 in any minute for a group", () => {
    const w = rateWindows({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20, isGroup: (id) => id.startsWith("-") });
    expect(w.global).toEqual([{ limit: 30, windowMs: 1000 }]);
    expect(w.chat("501")).toEqual([{ limit: 1, windowMs: 1000 }]);
    expect(w.chat("-100200")).toEqual([
      { limit: 1, windowMs: 1000 },
      { limit: 20, windowMs: 60_000 },
    ]);
  });

  it("keeps a fractional rate's average", () => {
    expect(rateWindows({ perSecond: 2.5, perChatPerSecond: 0.5 }).global).toEqual([{ limit: 2, windowMs: 800 }]);
    expect(rateWindows({ perSecond: 2.5, perChatPerSecond: 0.5 }).chat("1")).toEqual([{ limit: 1, windowMs: 2000 }]);
  });

  it("spaces one chat's messages evenly rather than allowing a burst", () => {
    expect(rateWindows({ perSecond: 30, perChatPerSecond: 20 }).chat("1")).toEqual([{ limit: 1, windowMs: 50 }]);
  });
});

describe("SlidingWindowLimiter (on given times, no clock of its own)", () => {
  const threePerSecond = [{ limit: 3, windowMs: 1000 }];
  /** A send granted as early as allowed and answered `latency` ms later. */
  const send = (l: SlidingWindowLimiter, key: string, rules: { limit: number; windowMs: number }[], notBefore: number, latency = 0) => {
    const at = l.earliest(key, rules, notBefore);
    l.begin(key, rules, at);
    l.end(key, at + latency);
    return at;
  };

  it("grants successive slots to sends asked for at the same moment, never more than the limit in any window", () => {
    const l = new SlidingWindowLimiter();
    expect(Array.from({ length: 7 }, () => send(l, "*", threePerSecond, 0))).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it("counts a send from its answer: a slow answer pushes the next window back by its latency", () => {
    const l = new SlidingWindowLimiter();
    expect(Array.from({ length: 4 }, () => send(l, "*", threePerSecond, 0, 40))).toEqual([0, 0, 0, 1040]);
  });

  it("counts sends in flight inside every window, and has no time to offer while they fill it", () => {
    const l = new SlidingWindowLimiter();
    for (let i = 0; i < 3; i++) l.begin("*", threePerSecond, 0);
    expect(l.earliest("*", threePerSecond, 10)).toBe(Infinity);
    l.end("*", 25);
    expect(l.earliest("*", threePerSecond, 30)).toBe(1025);
  });

  it("lets time pass: a send long after the last is granted at once", () => {
    const l = new SlidingWindowLimiter();
    send(l, "*", threePerSecond, 0);
    expect(send(l, "*", threePerSecond, 5000)).toBe(5000);
  });

  it("applies every rule of a key: 1 per second and 2 per minute", () => {
    const l = new SlidingWindowLimiter();
    const group = [
      { limit: 1, windowMs: 1000 },
      { limit: 2, windowMs: 60_000 },
    ];
    expect([0, 0, 0].map(() => send(l, "-1", group, 0))).toEqual([0, 1000, 60_000]);
  });

  it("holds a paused key until the pause ends, and keys do not share slots", () => {
    const l = new SlidingWindowLimiter();
    const perChat = [{ limit: 1, windowMs: 1000 }];
    l.pause("a", 4000);
    expect(l.earliest("a", perChat, 100)).toBe(4000);
    expect(l.earliest("b", perChat, 100)).toBe(100);
  });

  it("forgets keys whose windows are over and that have nothing in flight", () => {
    const l = new SlidingWindowLimiter();
    const perChat = [{ limit: 1, windowMs: 1000 }];
    for (let i = 0; i < 100; i++) send(l, `chat${i}`, perChat, i);
    l.begin("busy", perChat, 0);
    l.prune(1050);
    expect(l.size).toBe(50);
    l.prune(5000);
    expect(l.size).toBe(1);
  });
});
