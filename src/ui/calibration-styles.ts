/** Styles of <calibration-panel>. */
import { css } from 'lit';

export const calibrationStyles = css`
  :host {
    display: block;
    flex: 1 1 100%;
    max-width: 960px;
  }
  h4 {
    margin: 0 0 6px;
    font-size: 0.9rem;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 12px;
    align-items: end;
  }
  .controls label {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 12px;
    color: var(--ink-2);
  }
  .controls input[type='text'] {
    width: 8em;
  }
  .controls input[data-testid='calibration-budget'] {
    width: 13em;
  }
  .table {
    overflow-x: auto;
  }
  caption {
    text-align: left;
  }
  td .mean {
    display: block;
    color: var(--ink-3);
    font-size: 11px;
  }
  .note {
    color: var(--ink-3);
    font-size: 12px;
    margin: 4px 0;
  }
  .problem {
    color: var(--bad);
    font-size: 12px;
    margin: 4px 0;
  }
  .problem p {
    margin: 2px 0;
  }
  table {
    border-collapse: collapse;
    font-size: 12px;
    margin: 6px 0;
  }
  th,
  td {
    text-align: right;
    padding: 3px 8px;
    border-bottom: 1px solid var(--line);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  tr[data-verdict='under'] td.verdict {
    color: var(--bad);
  }
  tr[data-verdict='over'] td.verdict {
    color: var(--warn);
  }
  ul {
    margin: 4px 0;
    padding-left: 18px;
  }
`;
