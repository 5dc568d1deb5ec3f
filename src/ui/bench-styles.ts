/** Styles of the Bench view: controls, progress, plots and the results table. */
import { css } from 'lit';
import { theme } from './theme';

export const benchStyles = [
  theme,
  css`
    :host {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 10px;
      min-height: 0;
      overflow: auto;
      padding: 12px 16px;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 14px;
      align-items: flex-end;
    }
    label.field {
      display: flex;
      flex-direction: column;
      gap: 2px;
      font-size: 11.5px;
      color: var(--ink-2);
    }
    button {
      border: 1px solid var(--line);
      border-radius: 4px;
      background: #fff;
      padding: 4px 12px;
      height: 26px;
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
    .machine {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 18px;
      font-size: 12px;
      color: var(--ink-2);
    }
    .machine b {
      color: var(--ink);
      font-weight: 600;
    }
    .progress {
      display: flex;
      gap: 10px;
      align-items: center;
      font-size: 12px;
    }
    progress {
      width: 240px;
      height: 10px;
      accent-color: var(--accent);
    }
    .muted {
      color: var(--ink-3);
    }
    .error {
      color: var(--bad);
    }
    .note {
      font-size: 12px;
      color: var(--ink-2);
      margin: 0;
    }
    .plots {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(330px, 1fr));
      gap: 10px;
    }
    figure {
      margin: 0;
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 6px;
      padding: 6px 8px;
    }
    figcaption {
      font-size: 12px;
      font-weight: 600;
    }
    .crossover {
      font-size: 11.5px;
      color: var(--ink-2);
      margin: 2px 0 0;
    }
    svg text {
      font-size: 10.5px;
      fill: var(--ink-2);
      font-variant-numeric: tabular-nums;
    }
    svg .grid {
      stroke: #eceef2;
    }
    svg .frame {
      fill: none;
      stroke: #9aa1ae;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 2px 12px;
      font-size: 11px;
      color: var(--ink-2);
    }
    table {
      border-collapse: collapse;
      font-size: 12px;
      background: var(--panel);
    }
    th,
    td {
      border-bottom: 1px solid var(--line);
      padding: 3px 8px;
      text-align: right;
      white-space: nowrap;
    }
    th {
      font-weight: 600;
      color: var(--ink-2);
      position: sticky;
      top: 0;
      background: var(--panel);
    }
    td.text,
    th.text {
      text-align: left;
    }
    td.num {
      font-family: var(--mono);
      font-variant-numeric: tabular-nums;
    }
    td.win {
      color: var(--ok);
      font-weight: 600;
    }
  `,
];
