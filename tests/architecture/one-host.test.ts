import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function sourceFiles(...folders: string[]): { file: string; text: string }[] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.ts$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name)))
      .map((file) => ({ file, text: readFileSync(join(root, file), "utf8") })),
  );
}

/**
 * Issue 11, "one host, one writer": what reaches a person outside a turn is queued by the chat host's
 * outbound side (src/services/host-outbound.ts) as message keys, params and a language, and rendered
 * when sent (src/outbox/render-outbox.ts → src/i18n/render.ts); sessions are read and written there only.
 */
describe("one host, one render path, one session writer", () => {
  const files = sourceFiles("src", "bots");

  it("only the host's outbound side queues outbox rows (enqueueMessage)", () => {
    const offenders = files.filter((f) => /\benqueueMessages?\(/.test(f.text) && !["src/services/host-outbound.ts", "src/outbox/enqueue-message.ts"].includes(f.file)).map((f) => f.file);
    expect(offenders, "queue through queuePersonMessage / queueOfferingMessage (src/services/host-outbound.ts)").toEqual([]);
  });

  it("only the host's outbound side reads or writes conversation sessions", () => {
    const offenders = files.filter((f) => /\b(loadConversations?|saveConversations?)\(/.test(f.text) && f.file !== "src/services/host-outbound.ts").map((f) => f.file);
    expect(offenders, "use readSession / writeSession (src/services/host-outbound.ts)").toEqual([]);
  });

  it("no service or job renders a message with a translator of its own (charts' pictures aside)", () => {
    const offenders = sourceFiles("src/services", "src/jobs")
      .filter((f) => /\btranslator\.t\(/.test(f.text) && f.file !== "src/services/report-charts.ts")
      .map((f) => f.file);
    expect(offenders, "queue the message (keys and params) and let the outbox render it, or render with src/i18n/render.ts").toEqual([]);
  });
});
