import QRCode from "qrcode";
import { SafeHtml } from "./html.ts";

/**
 * An invite's deep link as an inline SVG QR code (the `qrcode` package the CLI's `invite show --qr`
 * uses for its PNG): drawn on the server, no script and no style attribute, so the console's CSP
 * holds; printed sharp at any size. The SVG is the library's, made of our own link only.
 */
export async function inviteQrSvg(link: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return new SafeHtml(svg.replace("<svg ", `<svg role="img" aria-label="${label.replace(/[&<>"']/g, "")}" class="qr" `));
}
