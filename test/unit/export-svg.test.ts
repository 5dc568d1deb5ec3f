import { describe, expect, it } from 'vitest';
import { colourCaption, lawCaption } from '../../src/export/surface';
import {
  escapeXml,
  FIGURE_PADDING,
  inlineStyle,
  packBoxes,
  renameRefs,
  SVG_STYLE_PROPERTIES,
  svgDocument,
  svgImage,
  svgRect,
  svgTextLine,
  TITLE_BAND,
  TITLE_LINE,
  titledFigure,
  unionBox,
  wrapText,
} from '../../src/export/svg-text';
import { findPreset } from '../../src/law/presets';
import { assertSvgSnapshot } from '../support/svg-snapshot';

const base = Object.fromEntries(
  SVG_STYLE_PROPERTIES.map((p) => [p.name, p.initial ?? `${p.name}-base`]),
);

describe('inlineStyle', () => {
  it('writes every inherited property on a part root (no parent)', () => {
    const style = inlineStyle(base, undefined);
    for (const p of SVG_STYLE_PROPERTIES.filter((q) => q.inherited))
      expect(style).toContain(`${p.name}:${p.name}-base`);
    expect(style).not.toContain('opacity:1');
    expect(style).not.toContain('stop-color');
  });

  it('writes only what differs from the parent, and non-inherited values off their initial', () => {
    const own = { ...base, fill: 'rgb(255, 90, 60)', 'font-size': '11px', opacity: '0.5' };
    expect(inlineStyle(own, base)).toBe('fill:rgb(255, 90, 60);font-size:11px;opacity:0.5');
    expect(inlineStyle(base, base)).toBe('');
    expect(inlineStyle({ ...base, 'stop-color': 'rgb(68, 1, 84)' }, base)).toBe(
      'stop-color:rgb(68, 1, 84)',
    );
  });

  it('skips properties with no computed value', () => {
    expect(inlineStyle({ fill: 'red' }, undefined)).toBe('fill:red');
  });
});

describe('renameRefs', () => {
  const rename = (id: string) => (id === 'ramp' || id === 'plot-clip' ? `p3-${id}` : undefined);

  it('renames url() references in every form computed styles write', () => {
    expect(renameRefs('url(#ramp)', rename)).toBe('url(#p3-ramp)');
    expect(renameRefs('url("#ramp")', rename)).toBe('url(#p3-ramp)');
    expect(renameRefs("url('#plot-clip')", rename)).toBe('url(#p3-plot-clip)');
    expect(renameRefs('url("http://127.0.0.1:5173/?view=fit#ramp")', rename)).toBe('url(#p3-ramp)');
    expect(renameRefs('fill:url("#ramp");stroke:url(#plot-clip)', rename)).toBe(
      'fill:url(#p3-ramp);stroke:url(#p3-plot-clip)',
    );
  });

  it('renames bare fragment hrefs and leaves unknown ids and other values alone', () => {
    expect(renameRefs('#ramp', rename)).toBe('#p3-ramp');
    expect(renameRefs('#other', rename)).toBe('#other');
    expect(renameRefs('url(#other)', rename)).toBe('url(#other)');
    expect(renameRefs('rgb(0, 0, 0)', rename)).toBe('rgb(0, 0, 0)');
    expect(renameRefs('none', rename)).toBe('none');
  });
});

describe('SVG text pieces', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeXml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;',
    );
    const style = {
      fontFamily: '"Segoe UI", sans-serif',
      fontSize: '12px',
      fontWeight: '600',
      fontStyle: 'normal',
      fill: 'rgb(29, 35, 48)',
    };
    const t = svgTextLine(
      { x: 10, y: 20, width: 50, height: 16 },
      '<img src=x onerror=alert(1)>',
      style,
    );
    expect(t).toBe(
      '<text x="10" y="28" dominant-baseline="central" style="font-family:&quot;Segoe UI&quot;, sans-serif;font-size:12px;font-weight:600;font-style:normal;fill:rgb(29, 35, 48)">&lt;img src=x onerror=alert(1)&gt;</text>',
    );
  });

  it('embeds only base64 raster data URLs as images', () => {
    const box = { x: 66.004, y: 42, width: 824, height: 709.5 };
    expect(svgImage(box, 'data:image/png;base64,iVBORw0KGgo=', true)).toBe(
      '<image x="66" y="42" width="824" height="709.5" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,iVBORw0KGgo="/>',
    );
    for (const bad of [
      'javascript:alert(1)',
      'http://example.com/x.png',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/png;base64,AAA" onload="alert(1)',
    ])
      expect(() => svgImage(box, bad)).toThrow(/data URL/);
  });

  it('draws rectangles with escaped fills', () => {
    expect(svgRect({ x: 1, y: 2, width: 16, height: 3 }, 'rgb(27, 95, 168)', 2)).toBe(
      '<rect x="1" y="2" width="16" height="3" rx="2" style="fill:rgb(27, 95, 168)"/>',
    );
  });

  it('wraps parts into a standalone document with namespace, size, viewBox and title', () => {
    const doc = svgDocument({
      width: 980,
      height: 801.5,
      background: '#ffffff',
      title: 'Loss surface <L>',
      body: ['<g/>'],
    });
    const lines = doc.split('\n');
    expect(lines[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(lines[1]).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="980" height="801.5" viewBox="0 0 980 801.5">',
    );
    expect(lines[2]).toBe('<title>Loss surface &lt;L&gt;</title>');
    expect(lines[3]).toBe('<rect x="0" y="0" width="980" height="801.5" style="fill:#ffffff"/>');
    expect(lines[4]).toBe('<g/>');
    expect(lines[5]).toBe('</svg>');
    expect(doc.endsWith('</svg>\n')).toBe(true);
    expect(svgDocument({ width: 10, height: 10, body: [] })).not.toContain('<title>');
  });

  it('unions boxes', () => {
    expect(unionBox([])).toBeUndefined();
    expect(
      unionBox([
        { x: 10, y: 5, width: 100, height: 50 },
        { x: -4, y: 20, width: 20, height: 60 },
      ]),
    ).toEqual({ x: -4, y: 5, width: 114, height: 75 });
  });
});

describe('packBoxes', () => {
  it('flows boxes left to right, wraps at the width and centres each row vertically', () => {
    const sizes = [
      { width: 100, height: 20 },
      { width: 80, height: 16 },
      { width: 60, height: 20 },
      { width: 50, height: 10 },
    ];
    expect(packBoxes(sizes, { x: 10, y: 5 }, 200, { column: 14, row: 4 })).toEqual([
      { x: 10, y: 5 },
      { x: 124, y: 7 },
      { x: 10, y: 29 },
      { x: 84, y: 34 },
    ]);
  });

  it('keeps an over-wide box on its own row and handles none', () => {
    expect(
      packBoxes([{ width: 300, height: 10 }], { x: 0, y: 0 }, 100, { column: 4, row: 4 }),
    ).toEqual([{ x: 0, y: 0 }]);
    expect(packBoxes([], { x: 0, y: 0 }, 100, { column: 4, row: 4 })).toEqual([]);
  });
});

describe('lawCaption', () => {
  it('names the law form and its constants', () => {
    expect(lawCaption(findPreset('hoffmann2022')!.law)).toBe(
      'L(N, D) = E + A/N^α + B/D^β with E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28',
    );
  });
});

describe('wrapText', () => {
  // A monospace stand-in: every character is 1 unit wide.
  const measure = (s: string) => s.length;
  it('breaks at spaces so no line is wider than the width', () => {
    const text = 'Loss surface with E = 1.69, A = 406.4, B = 410.7; colour: log(L − E), viridis';
    const lines = wrapText(text, 30, measure);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.join(' ')).toBe(text);
  });
  it('keeps a short text on one line and a too-long word whole', () => {
    expect(wrapText('short title', 80, measure)).toEqual(['short title']);
    expect(wrapText('a verylongwordindeed b', 8, measure)).toEqual([
      'a',
      'verylongwordindeed',
      'b',
    ]);
    expect(wrapText('', 10, measure)).toEqual(['']);
  });
});

describe('titledFigure (the layout of every exported figure)', () => {
  const titleStyle = {
    fontFamily: 'sans-serif',
    fontSize: '13px',
    fontWeight: '600',
    fontStyle: 'normal',
    fill: '#1d2330',
  };
  // A stand-in for canvas text metrics: 7 px a character at 13 px.
  const measure = (s: string) => 7 * s.length;
  const png =
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  /** A heatmap image and its axes overlay as they sit on the page (overlay at 40, 100). */
  const heatmap = { x: 102, y: 110, width: 640, height: 520 };
  const overlay = { x: 40, y: 100, width: 720, height: 580 };
  const parts = [
    svgImage(heatmap, png, true),
    `<svg x="${overlay.x}" y="${overlay.y}" width="${overlay.width}" height="${overlay.height}" viewBox="0 0 720 580"><rect x="62" y="10" width="640" height="520" fill="none" stroke="#1d2330"/><text x="382" y="570" text-anchor="middle">Parameters N</text></svg>`,
  ];
  const page = unionBox([heatmap, overlay])!;

  it("wraps the Surface view's long caption inside the figure, and moves the plot below it", () => {
    const law = findPreset('hoffmann2022')!.law;
    const scale = { mode: 'log-reducible', lo: 1.9, hi: 6, E: law.E, map: 'viridis' } as const;
    // The title the Surface view gives its SVG export (it was cut off at the figure's edge).
    const title = `Loss surface ${lawCaption(law)}; ${colourCaption(scale)}`;
    expect(measure(title)).toBeGreaterThan(page.width);
    const fig = titledFigure({ title, measure, titleStyle, page, parts, background: '#ffffff' });
    const lines = [...fig.svg.matchAll(/<text[^>]*y="([\d.]+)"[^>]*>([^<]*)<\/text>/g)]
      .filter((m) => !m[2]!.includes('Parameters N'))
      .map((m) => ({ y: Number(m[1]), text: m[2]! }));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // Every line fits the figure, and together they are the whole caption.
    for (const l of lines) expect(FIGURE_PADDING + measure(l.text)).toBeLessThanOrEqual(fig.width);
    expect(lines.map((l) => l.text).join(' ')).toBe(escapeXml(title));
    // The band grows by a line height per extra line; the plot starts below the last line.
    const top = TITLE_BAND + (lines.length - 1) * TITLE_LINE;
    expect(fig.height).toBe(Math.ceil(page.height + 2 * FIGURE_PADDING + top));
    const [, dx, dy] = /<g transform="translate\(([-\d.]+), ([-\d.]+)\)">/.exec(fig.svg)!;
    expect(Number(dx)).toBe(FIGURE_PADDING - page.x);
    expect(Number(dy)).toBe(FIGURE_PADDING + top - page.y);
    expect(page.y + Number(dy)).toBeGreaterThan(lines.at(-1)!.y + 8);
    expect(fig.svg).toContain(`<title>${escapeXml(title)}</title>`);
    // The whole document as a golden figure.
    assertSvgSnapshot('export-titled-surface', fig.svg);
  });

  it('moves all parts by one translation, leaving their page coordinates as measured', () => {
    const fig = titledFigure({
      title: 'Sweep',
      measure,
      titleStyle,
      page,
      parts,
      background: null,
    });
    // One translation for all parts: the heatmap stays 62 px right of and 10 px below the
    // overlay's corner, inside the plot frame drawn at (62, 10) in the overlay.
    const image = /<image x="([\d.]+)" y="([\d.]+)"/.exec(fig.svg)!;
    const svg = /<svg x="([\d.]+)" y="([\d.]+)"/.exec(fig.svg.slice(fig.svg.indexOf('<g ')))!;
    expect(Number(image[1]) - Number(svg[1])).toBe(62);
    expect(Number(image[2]) - Number(svg[2])).toBe(10);
    expect(fig.svg).not.toContain('<rect x="0" y="0"');
    expect(fig.height).toBe(Math.ceil(page.height + 2 * FIGURE_PADDING + TITLE_BAND));
    const untitled = titledFigure({ measure, titleStyle, page, parts, background: null });
    expect(untitled.height).toBe(Math.ceil(page.height + 2 * FIGURE_PADDING));
    expect(untitled.svg).not.toContain('<title>');
  });
});
