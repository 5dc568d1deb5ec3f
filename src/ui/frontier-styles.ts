/**
 * Styles of the Frontier view: the planner aside beside the content (above it on narrow
 * screens), the legend, the four panels in as many columns as fit (with their extrapolation
 * shading and hover line), the hover readout and the readout table.
 */
import { css } from 'lit';
import { fitStyles } from './fit-styles';

export const frontierStyles = [
  fitStyles,
  css`
  :host {
    flex: 1;
    display: grid;
    grid-template-columns: 330px minmax(0, 1fr);
    min-height: 0;
    overflow: hidden;
  }
  /* Narrow screens: the planner above the panels, one column, the whole view scrolls. */
  @media (max-width: 760px) {
    :host {
      grid-template-columns: minmax(0, 1fr);
      grid-auto-rows: max-content;
      overflow-y: auto;
    }
    aside {
      border-right: none;
      border-bottom: 1px solid var(--line);
    }
    aside,
    .content {
      overflow: visible;
    }
  }
  aside {
    background: var(--panel);
    border-right: 1px solid var(--line);
    padding: 12px 14px;
    overflow-y: auto;
  }
  .content {
    overflow-y: auto;
    padding: 12px 16px;
  }
  .panels {
    display: grid;
    /* As many columns of at least 300px as fit (two at 1280 px), one on a phone. */
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr));
    gap: 10px 18px;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    font-size: 12px;
    margin: 8px 0;
  }
  .legend label {
    display: inline-flex;
    gap: 4px;
    align-items: center;
  }
  .swatch {
    display: inline-block;
    width: 16px;
    height: 3px;
    vertical-align: middle;
  }
  .sources {
    font-size: 11px;
    color: var(--ink-3);
    margin: 4px 0 0 0;
    padding-left: 16px;
  }
  td.num {
    text-align: right;
  }
  /* Not "chart": other views' tests look their plot up by that class. */
  svg.panel-chart {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
  }
  svg.panel-chart text {
    font-size: 10.5px;
    fill: var(--ink-2);
    font-variant-numeric: tabular-nums;
  }
  svg.panel-chart .axis-title {
    font-size: 11px;
    fill: var(--ink);
  }
  svg.panel-chart .tick {
    stroke: var(--ink-3);
  }
  svg.panel-chart .grid {
    stroke: #eceef2;
  }
  svg.panel-chart .frame {
    fill: none;
    stroke: #c3c8d1;
  }
  svg.panel-chart:focus-visible {
    outline: 2px solid var(--accent, #2f5fd0);
    outline-offset: 2px;
  }
  svg.panel-chart .extrapolation {
    fill: #8a8f99;
    fill-opacity: 0.12;
  }
  svg.panel-chart .extrapolation-label {
    font-size: 9.5px;
    fill: var(--ink-3);
  }
  svg.panel-chart .hover {
    stroke: var(--ink);
    stroke-width: 1;
    stroke-dasharray: 3 2;
    pointer-events: none;
  }
  .hover-readout {
    min-height: 1.4em;
    font-size: 12px;
    margin: 8px 0 4px;
  }
  .hover-readout table {
    width: auto;
  }
  .hover-readout td,
  .hover-readout th {
    padding: 1px 8px;
  }
  input.budgets {
    font: inherit;
    font-size: 12px;
    width: 220px;
  }
`,
];
