/** Styles of the Compare view (src/ui/compare-view.ts) and its charts. */
import { css } from 'lit';

export const compareStyles = css`
  :host {
    display: block;
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 12px 16px 24px;
    color: #1d2330;
    font: 14px/1.45 system-ui, sans-serif;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 6px;
  }
  h3 {
    font-size: 0.95rem;
    margin: 14px 0 6px;
  }
  .card {
    border: 1px solid #d9dde5;
    border-radius: 8px;
    padding: 10px 14px;
    margin-bottom: 12px;
    background: #fff;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 10px 18px;
    align-items: flex-end;
  }
  .controls label {
    display: flex;
    flex-direction: column;
    gap: 3px;
    font-size: 0.85rem;
  }
  .controls input[type='text'] {
    width: 16em;
  }
  fieldset {
    border: 1px solid #d9dde5;
    border-radius: 6px;
    padding: 4px 10px 6px;
    margin: 0;
  }
  .controls fieldset label {
    display: inline-flex;
    flex-direction: row;
    align-items: center;
    gap: 4px;
    margin-right: 10px;
  }
  legend {
    font-size: 0.85rem;
    padding: 0 4px;
  }
  input,
  select,
  button {
    font: inherit;
    min-height: 28px;
  }
  button {
    padding: 2px 12px;
    border-radius: 5px;
    border: 1px solid #9aa3b5;
    background: #f5f6f9;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid #2f5fd0;
    outline-offset: 1px;
  }
  .issue {
    color: #a12a12;
    font-size: 0.82rem;
  }
  .muted {
    color: #5b6375;
  }
  .small {
    font-size: 0.82rem;
  }
  .verdicts {
    margin: 0;
    padding-left: 18px;
  }
  .verdicts li {
    margin: 3px 0;
  }
  .charts {
    display: flex;
    flex-wrap: wrap;
    gap: 16px;
  }
  .chart-box {
    flex: 1 1 440px;
    min-width: 0;
  }
  svg.chart {
    max-width: 100%;
    height: auto;
    display: block;
  }
  svg text {
    font-size: 10.5px;
    fill: #3b4254;
  }
  .grid {
    stroke: #eceef3;
  }
  .tick {
    stroke: #7b8394;
  }
  .frame {
    fill: none;
    stroke: #c4c9d4;
  }
  .axis-title {
    font-size: 11px;
    fill: #1d2330;
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    font-size: 0.82rem;
    margin: 4px 0;
  }
  .swatch {
    display: inline-block;
    width: 18px;
    height: 3px;
    vertical-align: middle;
    margin-right: 4px;
  }
  table {
    border-collapse: collapse;
    font-size: 0.86rem;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: left;
    padding: 3px 10px 3px 0;
    border-bottom: 1px solid #eceef3;
    vertical-align: top;
  }
  td.num {
    text-align: right;
  }
  .extrapolated {
    color: #8a4b00;
  }
  .table-wrap {
    overflow-x: auto;
  }
  .progress {
    display: flex;
    align-items: center;
    gap: 8px;
    font-size: 0.85rem;
  }
  .bar {
    width: 160px;
    height: 8px;
    background: #e6e9ef;
    border-radius: 4px;
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: #2f5fd0;
  }
  .error {
    color: #a12a12;
  }
  .note {
    color: #4a3b00;
  }
  export-menu {
    margin-top: 4px;
  }
`;
