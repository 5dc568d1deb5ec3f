/** Styles shared by the Fit view's panels: cards, tables, messages, buttons, small charts. */
import { css } from 'lit';
import { theme } from './theme';

export const fitStyles = [
  theme,
  css`
    :host {
      display: block;
    }
    .card {
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 6px;
      padding: 12px 14px;
    }
    .card + .card {
      margin-top: 12px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .muted {
      color: var(--ink-3);
    }
    .small {
      font-size: 11.5px;
    }
    .mono,
    td.num {
      font-family: var(--mono);
      font-variant-numeric: tabular-nums;
      font-size: 12px;
    }
    button {
      border: 1px solid var(--line);
      background: #fff;
      border-radius: 4px;
      padding: 3px 10px;
      height: 26px;
      cursor: pointer;
      white-space: nowrap;
    }
    button:hover:not(:disabled) {
      border-color: #b9c0cc;
      background: #f7f8fa;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    button.primary {
      background: var(--accent);
      border-color: var(--accent);
      color: #fff;
      font-weight: 600;
      padding: 3px 16px;
    }
    button.primary:hover:not(:disabled) {
      background: #2650b5;
      border-color: #2650b5;
    }
    .messages {
      margin: 8px 0 0;
      padding: 0;
      list-style: none;
    }
    .messages li {
      padding: 5px 8px;
      border-radius: 4px;
      margin-top: 4px;
      font-size: 12px;
      line-height: 1.35;
      overflow-wrap: anywhere;
    }
    .messages .error {
      background: #fdeceb;
      color: #8f2019;
      border-left: 3px solid var(--bad);
    }
    .messages .warning {
      background: #fff5e5;
      color: #7a4a00;
      border-left: 3px solid var(--warn);
    }
    .messages .note {
      background: #f3f5f8;
      color: var(--ink-2);
      border-left: 3px solid #c9ced8;
    }
    .messages .ok {
      background: #ecf7f0;
      color: #17603a;
      border-left: 3px solid var(--ok);
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th {
      text-align: left;
      font-weight: 600;
      font-size: 11px;
      color: var(--ink-3);
      padding: 4px 6px;
      border-bottom: 1px solid var(--line);
      white-space: nowrap;
    }
    td {
      padding: 3px 6px;
      border-bottom: 1px solid #eef0f3;
      white-space: nowrap;
    }
    th.num,
    td.num {
      text-align: right;
    }
    .badge {
      display: inline-block;
      font-size: 10.5px;
      font-weight: 600;
      padding: 1px 6px;
      border-radius: 8px;
      background: #e8eefc;
      color: var(--accent);
      vertical-align: 1px;
    }
    .chart-title {
      font-size: 12px;
      font-weight: 600;
      margin-bottom: 2px;
    }
    svg.chart {
      display: block;
      max-width: 100%;
      height: auto;
      overflow: visible;
    }
    svg.chart text {
      font-size: 10.5px;
      fill: var(--ink-2);
      font-variant-numeric: tabular-nums;
    }
    svg.chart .axis-title {
      font-size: 11px;
      fill: var(--ink);
    }
    svg.chart .tick {
      stroke: var(--ink-3);
    }
    svg.chart .grid {
      stroke: #eceef2;
    }
    svg.chart .frame {
      fill: none;
      stroke: #c3c8d1;
    }
  `,
];
