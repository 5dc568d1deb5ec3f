/**
 * A chart on the page as one standalone SVG: the DOM side of the export. Walks the given
 * elements (into shadow roots) in paint order and turns what it meets into SVG placed where it
 * sits on the page:
 *
 * - an `<svg>`: cloned, with the computed styles that matter inlined (shadow-DOM CSS does not
 *   travel), ids and their references prefixed per part so parts cannot clash, Lit's comment
 *   markers and `data-*` attributes dropped, interactive-only elements (hit areas, crosshair)
 *   left out;
 * - a `<canvas>` (the heatmaps): read back with `toDataURL('image/png')` and embedded as an
 *   `<image href="data:image/png;base64,…">`. Measured in headless Chromium on SwiftShader:
 *   `toDataURL` on the WebGPU heatmap canvas, called after the frame was presented, returns the
 *   presented picture, while `drawImage` of the same canvas into a 2D canvas gives a blank one.
 *   A 2D canvas reads back either way. When a read-back comes out blank (one colour), the
 *   spec's `canvasImage` redraws it (the Surface view recomputes the grid on the engine);
 * - an element matching `textSelector` (chart titles, HTML legends): its text, line by line,
 *   and its coloured swatches, as SVG text and rectangles; legend entries whose checkbox is
 *   unticked are left out, like the lines they stand for.
 *
 * Browser-only. HTML text is handled in html-text.ts; the string parts live in svg-text.ts
 * (unit-tested in Node).
 */
import { boxOf, type Drawn, isHidden, nonEmpty, textPart } from './html-text';
import {
  type Box,
  inlineStyle,
  px,
  renameRefs,
  type StyleValues,
  SVG_STYLE_PROPERTIES,
  svgImage,
  type TextStyle,
  titledFigure,
  unionBox,
} from './svg-text';

/** What to export and how. */
export interface FigureSpec {
  /** Elements holding the chart (SVG, canvases, titles, legends), walked in order. */
  readonly roots: readonly Element[];
  /** Caption drawn above the figure and stored as its `<title>`. */
  readonly title?: string;
  /** HTML elements drawn as text (default: `.chart-title`). */
  readonly textSelector?: string;
  /** Elements left out (default: {@link DEFAULT_OMIT}). */
  readonly omitSelector?: string;
  /** Redraws a canvas whose read-back is blank, as a PNG data URL (or undefined to keep it). */
  readonly canvasImage?: (canvas: HTMLCanvasElement) => Promise<string | undefined>;
  /** Figure background (default white); null for none. */
  readonly background?: string | null;
}

/** A composed figure: the SVG text and its size in CSS pixels. */
export interface Figure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Controls and pointer-only marks that never belong in a figure. */
export const DEFAULT_OMIT =
  'export-menu, style, script, button, input, select, textarea, .hit, .crosshair, .cell';

const TITLE_FONT_PX = 13;

/** Width in CSS pixels of text in `style`, measured with a 2D canvas (an estimate without one). */
function textMeasure(style: TextStyle): (s: string) => number {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return (s) => s.length * TITLE_FONT_PX * 0.6;
  ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  return (s) => ctx.measureText(s).width;
}
const REF_ATTRIBUTES = [
  'fill',
  'stroke',
  'clip-path',
  'mask',
  'filter',
  'marker-start',
  'marker-mid',
  'marker-end',
  'href',
  'xlink:href',
];

type Part =
  | { readonly kind: 'svg'; readonly el: SVGSVGElement }
  | { readonly kind: 'canvas'; readonly el: HTMLCanvasElement }
  | { readonly kind: 'text'; readonly el: HTMLElement };

function collectParts(el: Element, omit: string, text: string, out: Part[]): void {
  if (el.matches(omit) || isHidden(el)) return;
  if (el instanceof SVGSVGElement) {
    out.push({ kind: 'svg', el });
    return;
  }
  if (el instanceof HTMLCanvasElement) {
    out.push({ kind: 'canvas', el });
    return;
  }
  if (el instanceof HTMLElement && el.matches(text)) {
    out.push({ kind: 'text', el });
    return;
  }
  for (const child of Array.from((el.shadowRoot ?? el).children))
    collectParts(child, omit, text, out);
}

function styleValues(el: Element): StyleValues {
  const cs = getComputedStyle(el);
  const out: Record<string, string> = {};
  for (const p of SVG_STYLE_PROPERTIES) out[p.name] = cs.getPropertyValue(p.name);
  return out;
}

/** Copies computed styles onto the clone, drops what the figure does not need. */
function inlineTree(
  original: Element,
  clone: Element,
  parent: StyleValues | undefined,
  omit: string,
  rename: (id: string) => string | undefined,
): void {
  if (
    parent !== undefined &&
    (original.matches(omit) || getComputedStyle(original).display === 'none')
  ) {
    clone.remove();
    return;
  }
  const own = styleValues(original);
  const style = renameRefs(inlineStyle(own, parent), rename);
  for (const attr of Array.from(clone.attributes)) {
    if (attr.name.startsWith('data-') || attr.name === 'class') clone.removeAttribute(attr.name);
  }
  if (style) clone.setAttribute('style', style);
  else clone.removeAttribute('style');
  for (const name of REF_ATTRIBUTES) {
    const v = clone.getAttribute(name);
    if (v) clone.setAttribute(name, renameRefs(v, rename));
  }
  const id = clone.getAttribute('id');
  if (id) clone.setAttribute('id', rename(id) ?? id);
  const originals = Array.from(original.children);
  const clones = Array.from(clone.children);
  originals.forEach((o, i) => {
    const c = clones[i];
    if (c) inlineTree(o, c, own, omit, rename);
  });
}

function removeComments(root: Node): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
  const found: Node[] = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  for (const n of found) n.parentNode?.removeChild(n);
}

/** One `<svg>` of the page as a nested, self-contained `<svg>` at its place on the page. */
function svgPart(svg: SVGSVGElement, box: Box, index: number, omit: string): Drawn {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const ids = new Set(Array.from(svg.querySelectorAll('[id]'), (e) => e.id));
  const prefix = `p${index}-`;
  const rename = (id: string) => (ids.has(id) ? `${prefix}${id}` : undefined);
  inlineTree(svg, clone, undefined, omit, rename);
  removeComments(clone);
  const w = svg.getAttribute('width') ?? String(box.width);
  const h = svg.getAttribute('height') ?? String(box.height);
  if (!clone.hasAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${w} ${h}`);
  clone.setAttribute('x', px(box.x));
  clone.setAttribute('y', px(box.y));
  clone.setAttribute('width', px(box.width));
  clone.setAttribute('height', px(box.height));
  const visible = getComputedStyle(svg).overflow === 'visible';
  clone.setAttribute('overflow', visible ? 'visible' : 'hidden');
  for (const name of ['role', 'aria-label']) clone.removeAttribute(name);
  return { svg: new XMLSerializer().serializeToString(clone), box };
}

/** True when a data URL's picture is one flat colour (a canvas that read back empty). */
async function isBlank(url: string): Promise<boolean> {
  const img = new Image();
  img.src = url;
  await img.decode();
  const probe = document.createElement('canvas');
  probe.width = 32;
  probe.height = 32;
  const ctx = probe.getContext('2d', { willReadFrequently: true });
  if (!ctx) return false;
  ctx.drawImage(img, 0, 0, 32, 32);
  const d = ctx.getImageData(0, 0, 32, 32).data;
  for (let i = 4; i < d.length; i++) if (d[i] !== d[i % 4]) return false;
  return true;
}

async function canvasPart(
  canvas: HTMLCanvasElement,
  box: Box,
  redraw: FigureSpec['canvasImage'],
): Promise<Drawn> {
  let url = canvas.width > 0 && canvas.height > 0 ? canvas.toDataURL('image/png') : '';
  if (redraw && (!url.startsWith('data:image/png') || (await isBlank(url))))
    url = (await redraw(canvas)) ?? url;
  if (!url.startsWith('data:image/png')) throw new Error('the chart picture could not be read');
  const pixelated = getComputedStyle(canvas).imageRendering === 'pixelated';
  return { svg: svgImage(box, url, pixelated), box };
}

/**
 * Composes the chart under `spec.roots` into one standalone SVG (see the module comment):
 * its size is the union of what is drawn plus a small margin, and a title band when given.
 */
export async function composeFigure(spec: FigureSpec): Promise<Figure> {
  const omit = spec.omitSelector ?? DEFAULT_OMIT;
  const textSel = spec.textSelector ?? '.chart-title';
  const parts: Part[] = [];
  for (const root of spec.roots) collectParts(root, omit, textSel, parts);
  // Every part is measured and cloned before the first await: a canvas read-back or redraw
  // takes a while, and anything that moves the layout meanwhile (the export menu's own status
  // line, a notice) would otherwise place later parts against a different page than earlier
  // ones (the sweep heatmap came out a line of text below its axes).
  // Boxes are taken from the top-left of the roots, not of the page: where the chart sits on
  // the page (a notice above it, the scroll position) never changes the exported text.
  const roots = spec.roots.map((r) => boxOf(r));
  const origin = {
    x: Math.min(...roots.map((b) => b.x)),
    y: Math.min(...roots.map((b) => b.y)),
  };
  const boxes = parts.map((part) => {
    const b = boxOf(part.el);
    return { ...b, x: b.x - origin.x, y: b.y - origin.y };
  });
  const pending: (Drawn[] | Promise<Drawn[]>)[] = parts.map((part, i) => {
    const box = boxes[i]!;
    if (part.kind === 'text') return textPart(part.el, omit, origin);
    if (!nonEmpty(box)) return [];
    if (part.kind === 'svg') return [svgPart(part.el, box, i, omit)];
    return [];
  });
  for (const [i, part] of parts.entries()) {
    const box = boxes[i]!;
    if (part.kind === 'canvas' && nonEmpty(box))
      pending[i] = canvasPart(part.el, box, spec.canvasImage).then((d) => [d]);
  }
  const drawn: Drawn[] = (await Promise.all(pending)).flat();
  const page = unionBox(drawn.map((d) => d.box).filter(nonEmpty));
  if (!page) throw new Error('nothing to export: the chart is not on screen');
  // The title wraps to the figure's width (titledFigure, svg-text.ts).
  const titleStyle = {
    fontFamily: getComputedStyle(spec.roots[0]!).fontFamily,
    fontSize: `${TITLE_FONT_PX}px`,
    fontWeight: '600',
    fontStyle: 'normal',
    fill: '#1d2330',
  };
  return titledFigure({
    title: spec.title,
    measure: textMeasure(titleStyle),
    titleStyle,
    page,
    parts: drawn.map((d) => d.svg),
    background: spec.background === undefined ? '#ffffff' : spec.background,
  });
}
