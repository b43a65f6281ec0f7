import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

const fontDir = join(dirname(fileURLToPath(import.meta.url)), "fonts");
/**
 * Be Vietnam Pro regular and bold (SIL OFL, fonts/OFL.txt), ~70 KB each: @fontsource's latin,
 * latin-ext and vietnamese subsets merged into one TTF per weight (see fonts/README.md). One file
 * per weight matters: resvg does not fall back between subset files for every letter (ệ, ở, Đ went missing).
 */
const fontFiles = ["400", "700"].map((weight) => join(fontDir, `be-vietnam-pro-${weight}.ttf`));
export const chartFont = "Be Vietnam Pro";

export interface ChartPicture {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * A vega-lite chart as a PNG, without a browser: vega-lite compiles to vega, vega renders an SVG
 * string (pure JS), resvg draws it with the shipped font — resvg loads no system fonts here, so the
 * picture is the same on every machine and its diacritics never depend on what is installed.
 */
export async function renderChart(spec: TopLevelSpec, scale = 2): Promise<ChartPicture> {
  const compiled = compile({ ...spec, config: { ...baseConfig, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: chartFont, sansSerifFamily: chartFont },
  });
  const rendered = resvg.render();
  return { png: new Uint8Array(rendered.asPng()), width: rendered.width, height: rendered.height };
}

const baseConfig = {
  font: chartFont,
  background: "white",
  padding: 12,
  title: { fontSize: 15, anchor: "start", font: chartFont },
  axis: { labelFont: chartFont, titleFont: chartFont, labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFont: chartFont, titleFont: chartFont },
  view: { stroke: null },
} as const;
