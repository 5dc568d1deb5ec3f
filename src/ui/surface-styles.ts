/** Styles of the Surface view: chart layout, overlay strokes and labels, readout. */
import { css } from 'lit';
import { plotStyles } from './plot-styles';
import { theme } from './theme';

export const surfaceStyles = [
  theme,
  plotStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    .figure {
      display: flex;
      flex: 1;
      min-height: 0;
      gap: 6px;
    }
    .chart {
      position: relative;
      flex: 1;
      min-width: 0;
      min-height: 360px;
    }
    colour-legend {
      flex: none;
      width: 64px;
    }
    .layer {
      position: absolute;
      overflow: hidden;
      background: #eef0f3;
    }
    .layer canvas {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      display: block;
    }
    .isoflop {
      fill: none;
      stroke: rgba(255, 255, 255, 0.75);
      stroke-width: 1;
      stroke-dasharray: 4 3;
    }
    .contour {
      fill: none;
      stroke: rgba(20, 20, 30, 0.55);
      stroke-width: 1;
    }
    .frontier {
      fill: none;
      stroke: #ff5a3c;
      stroke-width: 2.25;
    }
    .frontier-halo {
      fill: none;
      stroke: rgba(255, 255, 255, 0.8);
      stroke-width: 4.5;
    }
    .marker {
      fill: #ff5a3c;
      stroke: #fff;
      stroke-width: 1;
    }
    .isoflop-label,
    .contour-label {
      font-size: 10.5px;
      paint-order: stroke;
      stroke-linejoin: round;
      font-variant-numeric: tabular-nums;
    }
    .isoflop-label {
      fill: #fff;
      stroke: rgba(30, 30, 50, 0.75);
      stroke-width: 2.5px;
    }
    .contour-label {
      fill: #16161e;
      stroke: rgba(255, 255, 255, 0.8);
      stroke-width: 3px;
      font-weight: 600;
    }
    .frontier-label {
      font-size: 11px;
      font-weight: 600;
      fill: #ff5a3c;
      paint-order: stroke;
      stroke: rgba(255, 255, 255, 0.9);
      stroke-width: 3px;
      stroke-linejoin: round;
    }
    .run {
      fill: #fff;
      stroke: #1d2330;
      stroke-width: 1.1;
    }
    .run.excluded {
      fill: none;
      stroke: #fff;
      stroke-width: 1.4;
    }
    .runs-key text {
      font-size: 11px;
      fill: #fff;
      paint-order: stroke;
      stroke: rgba(20, 20, 30, 0.7);
      stroke-width: 2.5px;
      stroke-linejoin: round;
    }
    .crosshair line {
      stroke: rgba(255, 255, 255, 0.7);
      stroke-width: 1;
      pointer-events: none;
    }
    .crosshair circle {
      fill: none;
      stroke: #fff;
      stroke-width: 1.5;
      pointer-events: none;
    }
    .readout {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 4px 16px;
      min-height: 36px;
      padding: 8px 12px;
      margin-top: 6px;
      border: 1px solid var(--line);
      border-radius: 6px;
      background: var(--panel);
      font-size: 12px;
    }
    .readout .k {
      color: var(--ink-3);
    }
    .readout .v {
      font-family: var(--mono);
      font-variant-numeric: tabular-nums;
    }
    .readout .hint {
      color: var(--ink-3);
    }
    .readout .sep {
      flex: 1;
    }
    .draw-error {
      color: var(--warn);
      font-size: 12px;
      margin-top: 4px;
    }
  `,
];
