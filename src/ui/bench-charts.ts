/**
 * Lit templates of the Bench view's plots and table, drawn from the pure geometry of
 * bench-plot.ts and the text of bench-table.ts. Text bindings only.
 */
import { html, nothing, svg } from 'lit';
import type { BenchFamily } from '../bench/plan';
import type { BenchRow } from '../bench/suite';
import { benchPlot } from './bench-plot';
import { benchTable, type Crossover, describeCrossover } from './bench-table';

const W = 340;
const H = 220;
const M = { top: 8, right: 12, bottom: 34, left: 52 };

/** One throughput plot (log-log) of `family`, with its legend and crossover line. */
export function plotTemplate(
  rows: readonly BenchRow[],
  family: BenchFamily,
  crossovers: readonly Crossover[],
) {
  const w = W - M.left - M.right;
  const h = H - M.top - M.bottom;
  const p = benchPlot(rows, family, w, h);
  if (p.series.length === 0) return nothing;
  const mine = crossovers.filter((c) => p.series.some((s) => s.kernel === c.gpuKernel));
  return html`<figure data-testid=${`bench-plot-${family}`}>
    <figcaption>${p.title}</figcaption>
    <svg width=${W} height=${H} viewBox="0 0 ${W} ${H}" role="img" aria-label=${`${p.title}: ${p.yLabel} against ${p.xLabel}`}>
      <g transform="translate(${M.left}, ${M.top})">
        ${p.yTicks.map((t) => svg`<line class="grid" x1="0" x2=${w} y1=${t.at} y2=${t.at}></line><text x="-6" y=${t.at} dy="0.32em" text-anchor="end">${t.label}</text>`)}
        ${p.xTicks.map((t) => svg`<line class="grid" x1=${t.at} x2=${t.at} y1="0" y2=${h}></line><text x=${t.at} y=${h + 14} text-anchor="middle">${t.label}</text>`)}
        <rect class="frame" width=${w} height=${h}></rect>
        ${p.series.map(
          (
            s,
          ) => svg`<path data-testid="bench-series" data-engine=${s.engine} data-kernel=${s.kernel}
              d=${s.path} fill="none" stroke=${s.colour} stroke-width="1.6" stroke-dasharray=${s.dash}></path>
            ${s.points.map((pt) => svg`<circle cx=${pt.x} cy=${pt.y} r="2.6" fill=${s.colour}></circle>`)}`,
        )}
        <text x=${w / 2} y=${h + 29} text-anchor="middle">${p.xLabel}</text>
        <text transform="translate(-40, ${h / 2}) rotate(-90)" text-anchor="middle">${p.yLabel}</text>
      </g>
    </svg>
    <div class="legend">
      ${p.series.map(
        (
          s,
        ) => html`<span><svg width="22" height="8"><line x1="0" x2="22" y1="4" y2="4" stroke=${s.colour}
          stroke-width="2" stroke-dasharray=${s.dash}></line></svg> ${s.label}</span>`,
      )}
    </div>
    ${mine.map((c) => html`<p class="crossover" data-testid="bench-crossover">${describeCrossover(c)}</p>`)}
  </figure>`;
}

/** The results table: medians with spread, GPU time apart from end to end, GPU/CPU ratio. */
export function tableTemplate(rows: readonly BenchRow[]) {
  const lines = benchTable(rows);
  return html`<table data-testid="bench-table">
    <thead>
      <tr>
        <th class="text">kernel</th>
        <th class="text">engine</th>
        <th>size</th>
        <th class="text">shape</th>
        <th title="Median wall-clock time per run, warm-up excluded">median</th>
        <th title="Fastest and slowest sample">min – max</th>
        <th title="First to third quartile of the samples">IQR</th>
        <th>throughput</th>
        <th title="Median GPU time from timestamp queries (where the adapter has them)">GPU time</th>
        <th title="GPU throughput over CPU throughput at this size">GPU/CPU</th>
        <th title="Samples × runs per sample">n</th>
      </tr>
    </thead>
    <tbody>
      ${lines.map(
        (l) => html`<tr data-testid="bench-row" data-kernel=${l.kernel} data-engine=${l.engine}
          data-size=${l.size} data-per-second=${l.perSecond}>
          <td class="text">${l.kernel}</td>
          <td class="text">${l.engine.toUpperCase()}</td>
          <td class="num">${l.sizeLabel}</td>
          <td class="text muted">${l.shape}</td>
          <td class="num">${l.median}</td>
          <td class="num">${l.range}</td>
          <td class="num">${l.iqr}</td>
          <td class="num">${l.rate}</td>
          <td class="num">${l.gpuTime}</td>
          <td class="num ${l.ratio !== null && l.ratio >= 1 ? 'win' : ''}">${l.ratioText}</td>
          <td class="num muted">${l.samples}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
