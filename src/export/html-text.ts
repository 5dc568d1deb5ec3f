/**
 * HTML text of a chart (titles, legends) as SVG: each text node as one line of SVG text in the
 * element's font and colour at its laid-out place, coloured swatches as rectangles, legend
 * entries whose checkbox is unticked left out and the rest packed again. Browser-only; the
 * layout arithmetic is packBoxes in svg-text.ts.
 */
import { type Box, packBoxes, svgRect, svgTextLine } from './svg-text';

/** A piece of the figure: its SVG text and the box it covers, in page coordinates. */
export interface Drawn {
  readonly svg: string;
  readonly box: Box;
}

/** An element's (or a text range's) box on the page, in CSS pixels. */
export function boxOf(el: Element | Range): Box {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

/** Whether a box covers any area. */
export function nonEmpty(box: Box): boolean {
  return box.width > 0 && box.height > 0;
}

/** Whether an element takes no part in the picture (display none or hidden). */
export function isHidden(el: Element): boolean {
  const cs = getComputedStyle(el);
  return cs.display === 'none' || cs.visibility === 'hidden';
}

/** Whether an element of a text part is drawn: not omitted, visible, not an unticked legend entry. */
function isDrawn(el: Element, omit: string): el is HTMLElement {
  return (
    el instanceof HTMLElement &&
    !el.matches(omit) &&
    !isHidden(el) &&
    !el.querySelector(':scope > input[type="checkbox"]:not(:checked)')
  );
}

/** Every drawn element under `el` (itself included). */
function drawnTree(el: HTMLElement, omit: string, out: HTMLElement[] = []): HTMLElement[] {
  out.push(el);
  for (const child of Array.from(el.children))
    if (isDrawn(child, omit)) drawnTree(child, omit, out);
  return out;
}

function transparent(colour: string): boolean {
  return colour === 'transparent' || /^rgba\(.*,\s*0\)$/.test(colour);
}

function shift(box: Box, dx: number, dy: number): Box {
  return { ...box, x: box.x + dx, y: box.y + dy };
}

/** The swatch (a coloured box without text) and text lines of one element, moved by (dx, dy). */
function elementText(el: HTMLElement, dx: number, dy: number): Drawn[] {
  const out: Drawn[] = [];
  const cs = getComputedStyle(el);
  const box = shift(boxOf(el), dx, dy);
  if (!transparent(cs.backgroundColor) && nonEmpty(box) && !el.textContent?.trim()) {
    const radius = Number.parseFloat(cs.borderTopLeftRadius) || 0;
    out.push({ svg: svgRect(box, cs.backgroundColor, radius), box });
  }
  const style = {
    fontFamily: cs.fontFamily,
    fontSize: cs.fontSize,
    fontWeight: cs.fontWeight,
    fontStyle: cs.fontStyle,
    fill: cs.color,
  };
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType !== Node.TEXT_NODE) continue;
    const data = (node as Text).data;
    const start = data.search(/\S/);
    if (start < 0) continue;
    const end = data.trimEnd().length;
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    const line = shift(boxOf(range), dx, dy);
    if (!nonEmpty(line)) continue;
    const text = data.slice(start, end).replace(/\s+/g, ' ');
    out.push({ svg: svgTextLine(line, text, style), box: line });
  }
  return out;
}

/**
 * Text lines and swatches of an HTML element, as SVG. When some entries of a wrapping flex
 * legend are left out (unticked), the others are packed again so no gaps remain. Boxes are
 * measured from `origin` (a page point; the page's top-left by default).
 */
export function textPart(
  root: HTMLElement,
  omit: string,
  origin: { readonly x: number; readonly y: number } = { x: 0, y: 0 },
): Drawn[] {
  const cs = getComputedStyle(root);
  const children = Array.from(root.children);
  const drawn = children.filter((c) => isDrawn(c, omit));
  const out = elementText(root, -origin.x, -origin.y);
  const boxes = drawn.map((c) => boxOf(c));
  let places: { x: number; y: number }[] = boxes;
  const packed = cs.display.includes('flex') && cs.flexWrap === 'wrap';
  if (packed && drawn.length < children.length && boxes.length > 0) {
    const r = boxOf(root);
    const left = r.x + (Number.parseFloat(cs.paddingLeft) || 0);
    const width = r.width - (Number.parseFloat(cs.paddingRight) || 0) - (left - r.x);
    const top = Math.min(...boxes.map((b) => b.y));
    places = packBoxes(boxes, { x: left, y: top }, width, {
      column: Number.parseFloat(cs.columnGap) || 0,
      row: Number.parseFloat(cs.rowGap) || 0,
    });
  }
  drawn.forEach((child, i) => {
    const dx = places[i]!.x - boxes[i]!.x;
    const dy = places[i]!.y - boxes[i]!.y;
    for (const el of drawnTree(child, omit))
      out.push(...elementText(el, dx - origin.x, dy - origin.y));
  });
  return out;
}
