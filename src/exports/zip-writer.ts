import type { Writable } from "node:stream";
import zlib from "node:zlib";

/**
 * A zip archive written as it goes (for an .xlsx): each part is deflated through zlib's stream (on
 * libuv's thread pool, beside the code that renders the next rows), sizes and CRC follow the data
 * in a data descriptor, the central directory comes last. Backpressure: a part's `write` returns a
 * promise while zlib or `out` are behind, so a sheet of any length holds only a chunk or two in
 * memory. `out` is ended by `finish`. No zip64: a part or the archive over 4 GB throws.
 */
export class ZipWriter {
  private offset = 0;
  private readonly entries: { name: Buffer; crc: number; size: number; compressed: number; offset: number }[] = [];
  private open: ZipEntry | null = null;
  private readonly dosTime: number;
  private readonly dosDate: number;
  /** Rejects when `out` fails or is closed (a client gone) before the archive is finished. */
  readonly aborted: Promise<never>;
  private finished = false;

  constructor(
    private readonly out: Writable,
    private readonly level = 6,
    at = new Date(),
  ) {
    this.dosTime = (at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1);
    this.dosDate = (Math.max(0, at.getFullYear() - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate();
    this.aborted = new Promise<never>((_, reject) => {
      out.once("error", (err) => reject(err));
      out.once("close", () => {
        if (!this.finished) reject(new Error("The output closed before the archive was finished."));
      });
    });
    this.aborted.catch(() => undefined);
  }

  /** A part whose whole content is at hand. */
  async add(name: string, content: string | Uint8Array): Promise<void> {
    const entry = this.openEntry(name);
    await entry.write(content);
    await entry.close();
  }

  /** A part written piece by piece; one part at a time. */
  openEntry(name: string): ZipEntry {
    if (this.open) throw new Error(`zip: "${name}" opened while "${this.open.name}" is still open.`);
    const nameBytes = Buffer.from(name, "utf8");
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    // CRC and sizes (14–25) are zero here, in the descriptor after the data.
    header.writeUInt16LE(nameBytes.length, 26);
    const offset = this.offset;
    this.push(Buffer.concat([header, nameBytes]));
    const entry = new ZipEntry(name, zlib.createDeflateRaw({ level: this.level }), this, (crc, size, compressed) => {
      if (size > 0xffffffff || compressed > 0xffffffff) throw new Error(`zip: "${name}" is over 4 GB.`);
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size, 12);
      this.push(descriptor);
      this.entries.push({ name: nameBytes, crc, size, compressed, offset });
      this.open = null;
    });
    this.open = entry;
    return entry;
  }

  /** Writes the central directory and ends `out`, once everything written has been taken by it. */
  async finish(): Promise<void> {
    if (this.open) throw new Error(`zip: "${this.open.name}" is still open.`);
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.dosTime, 12);
      h.writeUInt16LE(this.dosDate, 14);
      h.writeUInt32LE(e.crc, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      // extra, comment, disk, attributes: zero
      h.writeUInt32LE(e.offset, 42);
      this.push(Buffer.concat([h, e.name]));
    }
    const size = this.offset - start;
    if (this.offset > 0xffffffff || this.entries.length > 0xffff) throw new Error("zip: the archive is over 4 GB or 65,535 parts.");
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(start, 16);
    this.push(end);
    this.finished = true;
    await Promise.race([new Promise<void>((resolve) => this.out.end(resolve)), this.aborted]);
  }

  /** Bytes to `out`; false when `out` wants a pause. */
  push(chunk: Buffer): boolean {
    this.offset += chunk.length;
    return this.out.write(chunk);
  }

  /** Resolves when `out` has drained (or rejects when it is gone). */
  drained(): Promise<void> {
    return Promise.race([new Promise<void>((resolve) => this.out.once("drain", () => resolve())), this.aborted]);
  }
}

/** One part being written: `write` until done, then `close`. */
export class ZipEntry {
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private readonly ended: Promise<void>;
  private waitingForOut = false;

  constructor(
    readonly name: string,
    private readonly deflate: zlib.DeflateRaw,
    private readonly zip: ZipWriter,
    private readonly onClose: (crc: number, size: number, compressed: number) => void,
  ) {
    deflate.on("data", (chunk: Buffer) => {
      this.compressed += chunk.length;
      if (!zip.push(chunk) && !this.waitingForOut) {
        // `out` is behind: stop taking zlib's output until it drains; zlib's input then fills and `write` waits.
        this.waitingForOut = true;
        deflate.pause();
        zip.drained().then(
          () => {
            this.waitingForOut = false;
            deflate.resume();
          },
          () => deflate.destroy(),
        );
      }
    });
    this.ended = Promise.race([
      new Promise<void>((resolve, reject) => {
        deflate.once("end", () => resolve());
        deflate.once("error", reject);
        deflate.once("close", () => resolve());
      }),
      zip.aborted,
    ]);
    // Seen by close(); marked handled here for an entry never closed because the output went away.
    this.ended.catch(() => undefined);
  }

  /** Undefined when the data was taken at once; a promise to await when zlib or `out` are behind. */
  write(data: string | Uint8Array): Promise<void> | undefined {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (bytes.length === 0) return undefined;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.deflate.write(bytes)) return undefined;
    return Promise.race([new Promise<void>((resolve) => this.deflate.once("drain", () => resolve())), this.zip.aborted]);
  }

  async close(): Promise<void> {
    this.deflate.end();
    await this.ended;
    this.onClose(this.crc >>> 0, this.size, this.compressed);
  }
}

/** CRC-32 of the zip format: zlib's own where Node has it (20.15+), else a table. */
const crc32: (data: Uint8Array, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === "function"
    ? (zlib as unknown as { crc32: (data: Uint8Array, value: number) => number }).crc32
    : (() => {
        const table = new Int32Array(256);
        for (let n = 0; n < 256; n++) {
          let c = n;
          for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
          table[n] = c;
        }
        return (data: Uint8Array, value: number) => {
          let c = ~value;
          for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
          return ~c >>> 0;
        };
      })();
