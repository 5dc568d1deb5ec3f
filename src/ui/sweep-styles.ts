/**
 * Styles of the Sweep view: controls, progress, heatmap with overlay and legend, and the readout
 * beside the figure (below it on narrow screens).
 */
import { css } from 'lit';
import { plotStyles } from './plot-styles';
import { theme } from './theme';

export const sweepStyles = [
  theme,
  plotStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
      min-height: 0;
      padding: 10px 16px 16px;
      box-sizing: border-box;
    }
    @media (max-width: 760px) {
      :host {
        padding: 8px 10px 12px;
      }
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 18px;
      align-items: flex-start;
    }
    fieldset {
      border: 1px solid var(--line);
      border-radius: 6px;
      padding: 6px 10px 8px;
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px 8px;
      align-items: flex-end;
      max-width: 560px;
    }
    legend {
      font-size: 11px;
      font-weight: 600;
      color: var(--ink-3);
      text-transform: uppercase;
      letter-spacing: 0.05em;
    }
    label.field {
      display: flex;
      flex-direction: column;
      gap: 2px;
      font-size: 11.5px;
      color: var(--ink-2);
    }
    label.field input[type='text'] {
      width: 92px;
    }
    label.field input.count {
      width: 62px;
    }
    .issue {
      flex-basis: 100%;
    }
    .kind {
      color: var(--ink-2);
      font-size: 12px;
    }
    .actions {
      display: flex;
      gap: 10px;
      align-items: center;
      flex-wrap: wrap;
    }
    button {
      border: 1px solid var(--line);
      border-radius: 4px;
      background: #fff;
      padding: 4px 12px;
      cursor: pointer;
    }
    button.primary {
      background: var(--accent);
      border-color: var(--accent);
      color: #fff;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    .progress {
      display: flex;
      gap: 8px;
      align-items: center;
      font-size: 12px;
    }
    .bar {
      width: 180px;
      height: 8px;
      border-radius: 4px;
      background: var(--line);
      overflow: hidden;
    }
    .bar > div {
      height: 100%;
      background: var(--accent);
    }
    .muted {
      color: var(--ink-3);
    }
    .error {
      color: var(--bad);
    }
    /* The figure with the readout beside it; below it where the view is narrow. */
    .plot-area {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 12px;
      align-items: flex-start;
    }
    .figure {
      display: flex;
      align-items: flex-start;
      gap: 6px;
      min-width: 0;
      max-width: 100%;
    }
    /*
     * --aspect (width over height) is set inline from the axes' cells. The chart is as wide as
     * it may be while its height stays within the screen below the controls (so the ratio
     * holds) and room is left beside it for the legend and the readout.
     */
    .chart {
      position: relative;
      flex: none;
      width: min(calc(100vw - 420px), max(320px, calc((100vh - 300px) * var(--aspect, 1))));
      aspect-ratio: var(--aspect, 1);
      min-height: 220px;
    }
    @media (max-width: 760px) {
      .figure {
        flex-basis: 100%;
      }
      .chart {
        flex: 1;
        width: auto;
        min-width: 0;
      }
      .readout {
        flex-basis: 100%;
        max-width: none;
      }
    }
    .layer {
      position: absolute;
      overflow: hidden;
      background: repeating-linear-gradient(45deg, #eef0f3 0 6px, #e2e5ea 6px 12px);
    }
    /* Before the first result: the hint, wrapped to the plot's width. */
    .layer .placeholder {
      position: absolute;
      inset: 0;
      display: flex;
      align-items: center;
      justify-content: center;
      padding: 12px;
      text-align: center;
      color: #7b8394;
    }
    .legend.empty {
      width: 0;
    }
    .layer canvas {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      image-rendering: pixelated;
    }
    .legend text {
      font-size: 11px;
      fill: var(--ink-2);
      font-variant-numeric: tabular-nums;
    }
    .contour {
      fill: none;
      stroke: rgba(255, 255, 255, 0.8);
      stroke-width: 1;
    }
    .contour-label {
      font-size: 10.5px;
      font-weight: 600;
      fill: #16161e;
      stroke: rgba(255, 255, 255, 0.8);
      stroke-width: 3px;
      paint-order: stroke;
      stroke-linejoin: round;
      font-variant-numeric: tabular-nums;
    }
    /* A result of older inputs, shown until the new inputs' first pass arrives. */
    .chart.stale .layer canvas,
    .chart.stale .contours,
    .chart.stale .contour-labels {
      opacity: 0.55;
    }
    .cell {
      fill: none;
      stroke: #fff;
      stroke-width: 1.5;
    }
    .legend {
      flex: none;
      width: 92px;
    }
    .legend .title {
      font-weight: 600;
      fill: var(--ink);
    }
    .readout {
      flex: 1 1 220px;
      max-width: 360px;
      display: flex;
      flex-direction: column;
      gap: 4px 16px;
      min-height: 36px;
      padding: 8px 12px;
      border: 1px solid var(--line);
      border-radius: 6px;
      background: var(--panel);
    }
    .readout .k {
      color: var(--ink-3);
    }
    .readout .v {
      font-family: var(--mono);
      font-variant-numeric: tabular-nums;
    }
  `,
];
