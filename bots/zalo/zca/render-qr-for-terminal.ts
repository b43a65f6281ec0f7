import { createRequire } from "node:module";
import { PNG } from "pngjs";

interface QrModules {
  size: number;
  data: boolean[];
}

/** qrcode's own small terminal renderer (what `QRCode.toString(text, { type: "terminal", small: true })` prints), fed our modules. */
const terminalSmall = createRequire(import.meta.url)("qrcode/lib/renderer/terminal/terminal-small.js") as {
  render(qr: { modules: QrModules }, options?: { inverse?: boolean }): string;
};

/**
 * Zalo's login QR as terminal text. Zalo sends the QR as a PNG, not the text inside it, so the
 * modules are read back from the image (module size from the code's width, each module sampled at
 * its centre) and drawn with qrcode's small terminal renderer: half blocks on a forced white
 * background, which phones scan from a dark terminal too. Undefined when the image does not look
 * like a QR code (the PNG file is still there to open).
 */
export function renderQrForTerminal(png: Buffer): string | undefined {
  const modules = qrModulesOf(png);
  return modules ? terminalSmall.render({ modules }) : undefined;
}

/** The dark/light modules of the QR code in a PNG, row by row. */
export function qrModulesOf(png: Buffer): QrModules | undefined {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch {
    return undefined;
  }
  const { width, height, data } = image;
  const dark = (x: number, y: number): boolean => {
    const i = (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 4;
    const alpha = data[i + 3] ?? 0;
    const luminance = 0.299 * (data[i] ?? 255) + 0.587 * (data[i + 1] ?? 255) + 0.114 * (data[i + 2] ?? 255);
    return alpha >= 128 && luminance < 128;
  };
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!dark(x, y)) continue;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  if (maxX < 0) return undefined;
  // The top-left finder pattern's first row is 7 dark modules: its run gives the module size.
  let run = 0;
  while (minX + run <= maxX && dark(minX + run, minY)) run++;
  const approxModule = run / 7;
  if (approxModule < 1) return undefined;
  const span = maxX - minX + 1;
  // A QR code is 21 + 4k modules wide.
  const size = 21 + 4 * Math.max(0, Math.round((span / approxModule - 21) / 4));
  if (size > 177) return undefined;
  const moduleWidth = span / size;
  const moduleHeight = (maxY - minY + 1) / size;
  const cells: boolean[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      cells.push(dark(Math.floor(minX + (col + 0.5) * moduleWidth), Math.floor(minY + (row + 0.5) * moduleHeight)));
    }
  }
  return { size, data: cells };
}
