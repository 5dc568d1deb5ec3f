/** Styles of the Design view. */
import { css } from 'lit';

export const designStyles = css`
  :host {
    display: block;
    padding: 12px 16px;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(260px, 320px) minmax(0, 1fr);
    gap: 16px;
    align-items: start;
  }
  @media (max-width: 800px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .main {
    display: flex;
    flex-direction: column;
    gap: 12px;
    min-width: 0;
  }
  .card {
    border: 1px solid var(--border, #d0d4db);
    border-radius: 6px;
    padding: 8px 12px;
    overflow-x: auto;
  }
  h3 {
    margin: 0 0 6px;
    font-size: 1rem;
  }
  table {
    border-collapse: collapse;
    font-size: 0.88rem;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    text-align: right;
    padding: 2px 8px;
    border-bottom: 1px solid var(--border, #e3e6ea);
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  .muted,
  .note {
    color: var(--muted, #5b6372);
    font-size: 0.85rem;
  }
  .error {
    color: var(--error, #b00020);
  }
  .good {
    color: var(--good, #1b6e20);
  }
  .warn {
    color: var(--warn, #8a5300);
  }
  .row {
    display: flex;
    gap: 12px;
    align-items: center;
    flex-wrap: wrap;
  }
  input.short {
    width: 5em;
  }
  .progress {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
    font-size: 0.85rem;
  }
  .bar {
    width: 160px;
    height: 8px;
    background: var(--track, #e3e6ea);
    border-radius: 4px;
    overflow: hidden;
  }
  .bar > div {
    height: 100%;
    background: var(--accent, #1f6feb);
  }
`;
