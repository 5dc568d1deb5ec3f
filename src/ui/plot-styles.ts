/** Styles shared by the heatmap charts (Surface and Sweep): SVG overlay, axes, frame, hit area. */
import { css } from 'lit';

export const plotStyles = css`
  svg.overlay {
    position: absolute;
    inset: 0;
    overflow: visible;
    user-select: none;
  }
  .axis line {
    stroke: var(--ink-3);
  }
  .axis text {
    font-size: 11px;
    fill: var(--ink-2);
    font-variant-numeric: tabular-nums;
  }
  .axis .title {
    font-size: 12px;
    fill: var(--ink);
    font-weight: 500;
  }
  .frame {
    fill: none;
    stroke: #9aa1ae;
    stroke-width: 1;
  }
  .hit {
    fill: transparent;
    cursor: crosshair;
  }
`;
