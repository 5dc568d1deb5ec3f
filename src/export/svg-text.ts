/**
 * The string side of standalone SVG: which computed styles are written inline and how, id
 * references renamed per part, and the document wrapper with its canvas images and HTML text
 * turned into SVG. Pure, no DOM (src/export/figure.ts does the DOM side).
 */

/** One CSS property copied from computed styles into an exported SVG element. */
interface StyleProperty {
  readonly name: string;
  /** Inherited properties are written only where they differ from the parent. */
  readonly inherited: boolean;
  /** The value that need not be written on a non-inherited property. */
  readonly initial?: string;
}

/**
 * Properties that change how SVG paints: shadow-DOM stylesheets do not travel with an exported
 * element, so their computed values are inlined.
 */
export const SVG_STYLE_PROPERTIES: readonly StyleProperty[] = [
  { name: 'fill', inherited: true },
  { name: 'fill-opacity', inherited: true },
  { name: 'fill-rule', inherited: true },
  { name: 'stroke', inherited: true },
  { name: 'stroke-width', inherited: true },
  { name: 'stroke-opacity', inherited: true },
  { name: 'stroke-dasharray', inherited: true },
  { name: 'stroke-dashoffset', inherited: true },
  { name: 'stroke-linecap', inherited: true },
  { name: 'stroke-linejoin', inherited: true },
  { name: 'stroke-miterlimit', inherited: true },
  { name: 'paint-order', inherited: true },
  { name: 'font-family', inherited: true },
  { name: 'font-size', inherited: true },
  { name: 'font-weight', inherited: true },
  { name: 'font-style', inherited: true },
  { name: 'font-variant-numeric', inherited: true },
  { name: 'letter-spacing', inherited: true },
  { name: 'text-anchor', inherited: true },
  { name: 'dominant-baseline', inherited: true },
  { name: 'visibility', inherited: true },
  { name: 'shape-rendering', inherited: true },
  { name: 'image-rendering', inherited: true },
  { name: 'opacity', inherited: false, initial: '1' },
  { name: 'stop-color', inherited: false, initial: 'rgb(0, 0, 0)' },
  { name: 'stop-opacity', inherited: false, initial: '1' },
];

/** Computed values of {@link SVG_STYLE_PROPERTIES}, by property name. */
export type StyleValues = Readonly<Record<string, string>>;

/**
 * The inline `style` of an exported element: inherited properties that differ from the
 * parent's values (all of them on a part's root, where `parent` is undefined), and
 * non-inherited ones that differ from their initial value. Empty values are skipped.
 */
export function inlineStyle(own: StyleValues, parent: StyleValues | undefined): string {
  const out: string[] = [];
  for (const p of SVG_STYLE_PROPERTIES) {
    const v = own[p.name];
    if (!v) continue;
    if (p.inherited ? parent !== undefined && parent[p.name] === v : v === p.initial) continue;
    out.push(`${p.name}:${v}`);
  }
  return out.join(';');
}

/**
 * Renames the fragment references in an attribute or style value: `url(#id)`, `url("#id")`
 * and `url("http://host/page#id")` (as computed styles write them) become `url(#<renamed>)`,
 * and a bare `#id` (an href) becomes `#<renamed>`. References `rename` does not know (returns
 * undefined for) are left as they are.
 */
export function renameRefs(value: string, rename: (id: string) => string | undefined): string {
  if (/^#[^\s]+$/.test(value)) {
    const to = rename(value.slice(1));
    return to === undefined ? value : `#${to}`;
  }
  return value.replace(/url\(\s*(["']?)([^"')]*)#([^"')]+)\1\s*\)/g, (match, _q, _base, id) => {
    const to = rename(id);
    return to === undefined ? match : `url(#${to})`;
  });
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** A coordinate rounded to 0.01 px, as text. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A box in the exported figure's coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An `<image>` showing a raster (a canvas read back as a data URL) stretched over `box`. */
export function svgImage(box: Box, href: string, pixelated = false): string {
  if (!/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]*$/.test(href))
    throw new Error('a figure image must be a base64 PNG, JPEG or WebP data URL');
  const rendering = pixelated ? ' style="image-rendering:pixelated"' : '';
  return `<image x="${px(box.x)}" y="${px(box.y)}" width="${px(box.width)}" height="${px(box.height)}" preserveAspectRatio="none"${rendering} href="${href}"/>`;
}

/** A filled rectangle (an HTML swatch or background). */
export function svgRect(box: Box, fill: string, rx = 0): string {
  const r = rx > 0 ? ` rx="${px(rx)}"` : '';
  return `<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.width)}" height="${px(box.height)}"${r} style="fill:${escapeXml(fill)}"/>`;
}

/** Font and colour of a line of HTML text. */
export interface TextStyle {
  readonly fontFamily: string;
  readonly fontSize: string;
  readonly fontWeight: string;
  readonly fontStyle: string;
  readonly fill: string;
}

/**
 * One line of HTML text placed in `box` (its laid-out box on the page): left-aligned, centred
 * vertically on the box, in the element's font and colour.
 */
export function svgTextLine(box: Box, text: string, style: TextStyle): string {
  const css = [
    `font-family:${style.fontFamily}`,
    `font-size:${style.fontSize}`,
    `font-weight:${style.fontWeight}`,
    `font-style:${style.fontStyle}`,
    `fill:${style.fill}`,
  ].join(';');
  return `<text x="${px(box.x)}" y="${px(box.y + box.height / 2)}" dominant-baseline="central" style="${escapeXml(css)}">${escapeXml(text)}</text>`;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (as `measure` says, in the same unit),
 * at spaces, after "; " and ", " preferably; a single word wider than the line stays whole on
 * its own line. At least one line.
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** What {@link svgDocument} wraps. */
export interface SvgDocumentInput {
  readonly width: number;
  readonly height: number;
  /** Painted first, over the whole figure; none when undefined. */
  readonly background?: string;
  /** The document's `<title>` (what the figure shows), for readers and screen readers. */
  readonly title?: string;
  /** Elements in paint order, already positioned. */
  readonly body: readonly string[];
}

/**
 * A standalone SVG file: XML declaration, the SVG namespace (and xlink for old readers),
 * width, height and a matching viewBox, an optional `<title>` and background, then the body.
 */
export function svgDocument(input: SvgDocumentInput): string {
  const w = px(input.width);
  const h = px(input.height);
  const head = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`;
  const parts = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    head,
    input.title ? `<title>${escapeXml(input.title)}</title>` : '',
    input.background
      ? svgRect({ x: 0, y: 0, width: input.width, height: input.height }, input.background)
      : '',
    ...input.body,
    '</svg>',
  ];
  return `${parts.filter((p) => p !== '').join('\n')}\n`;
}

/** Margin around an exported figure, in CSS pixels. */
export const FIGURE_PADDING = 8;
/** Height of a figure's title band with one line. */
export const TITLE_BAND = 24;
/** Height of each further title line. */
export const TITLE_LINE = 17;

/** What {@link titledFigure} lays out: drawn parts in page coordinates, and a title. */
export interface TitledFigureInput {
  /** Caption above the figure (wrapped to its width) and the document's `<title>`. */
  readonly title?: string | undefined;
  /** Width of a title string in `titleStyle`, in CSS pixels. */
  readonly measure: (s: string) => number;
  readonly titleStyle: TextStyle;
  /** The union of the drawn parts' boxes, in page coordinates. */
  readonly page: Box;
  /** The parts' SVG, placed in page coordinates. */
  readonly parts: readonly string[];
  /** Figure background; null for none. */
  readonly background: string | null;
}

/**
 * The standalone figure document: the title wrapped to the figure's width, one line under the
 * other in a band that grows with them (a long caption used to run off the edge), then every
 * part moved by one translation from page coordinates to below that band (so parts keep their
 * places relative to each other), with {@link FIGURE_PADDING} all round. Pure.
 */
export function titledFigure(input: TitledFigureInput): {
  svg: string;
  width: number;
  height: number;
} {
  const { page, title } = input;
  const lines = title ? wrapText(title, page.width, input.measure) : [];
  const top = lines.length > 0 ? TITLE_BAND + (lines.length - 1) * TITLE_LINE : 0;
  const body: string[] = lines.map((line, i) =>
    svgTextLine(
      { x: FIGURE_PADDING, y: FIGURE_PADDING + i * TITLE_LINE, width: page.width, height: 16 },
      line,
      input.titleStyle,
    ),
  );
  const dx = FIGURE_PADDING - page.x;
  const dy = FIGURE_PADDING + top - page.y;
  body.push(`<g transform="translate(${px(dx)}, ${px(dy)})">`, ...input.parts, '</g>');
  const width = Math.ceil(page.width + 2 * FIGURE_PADDING);
  const height = Math.ceil(page.height + 2 * FIGURE_PADDING + top);
  const svg = svgDocument({
    width,
    height,
    ...(input.background ? { background: input.background } : {}),
    ...(title ? { title } : {}),
    body,
  });
  return { svg, width, height };
}

/** Union of boxes, or undefined for none. */
export function unionBox(boxes: readonly Box[]): Box | undefined {
  if (boxes.length === 0) return undefined;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Flow layout of legend entries after some were left out: boxes placed left to right from
 * `start`, wrapping to a new row when the next would pass `start.x + maxWidth`, `gap` apart,
 * each centred vertically in its row. Returns the new top-left corner of every box.
 */
export function packBoxes(
  sizes: readonly { readonly width: number; readonly height: number }[],
  start: { readonly x: number; readonly y: number },
  maxWidth: number,
  gap: { readonly column: number; readonly row: number },
): { x: number; y: number }[] {
  const rows: number[][] = [];
  let x = start.x;
  for (const [i, s] of sizes.entries()) {
    const row = rows.at(-1);
    if (!row || (row.length > 0 && x + s.width > start.x + maxWidth)) {
      rows.push([i]);
      x = start.x + s.width + gap.column;
    } else {
      row.push(i);
      x += s.width + gap.column;
    }
  }
  const out = sizes.map(() => ({ x: 0, y: 0 }));
  let y = start.y;
  for (const row of rows) {
    const height = Math.max(...row.map((i) => sizes[i]!.height));
    let cx = start.x;
    for (const i of row) {
      out[i] = { x: cx, y: y + (height - sizes[i]!.height) / 2 };
      cx += sizes[i]!.width + gap.column;
    }
    y += height + gap.row;
  }
  return out;
}
