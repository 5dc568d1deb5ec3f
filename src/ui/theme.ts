/** Shared look of the components: colours, type and form controls. */
import { css } from 'lit';

/** Design tokens and base control styles, adopted by every component. */
export const theme = css`
  :host {
    --ink: #1d2330;
    --ink-2: #4a5263;
    /* Muted text: at least 4.5:1 on --panel, --bg and the tinted cards (WCAG AA). */
    --ink-3: #5f6776;
    --line: #dde1e8;
    --panel: #ffffff;
    --bg: #f4f5f7;
    --accent: #2f5fd0;
    --ok: #1a7a43;
    --warn: #9a5b00;
    --bad: #c2352b;
    --mono: ui-monospace, 'SF Mono', 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    font-size: 13px;
    color: var(--ink);
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  input,
  select,
  button {
    font: inherit;
    color: inherit;
  }
  input[type='text'],
  select {
    border: 1px solid var(--line);
    border-radius: 4px;
    background: #fff;
    padding: 3px 6px;
    height: 26px;
    min-width: 0;
  }
  input[type='text'] {
    font-family: var(--mono);
    font-size: 12px;
    font-variant-numeric: tabular-nums;
  }
  /* Every control reached by the keyboard shows the same ring (WCAG 2.4.7). */
  :focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: 1px;
  }
  /* Focusable plot areas: the ring inside the frame, clear of the axes. */
  .hit:focus-visible {
    outline: 2px solid var(--accent);
    outline-offset: -2px;
  }
  input[type='text']:focus,
  select:focus {
    outline: 2px solid color-mix(in srgb, var(--accent) 35%, transparent);
    border-color: var(--accent);
  }
  input[aria-invalid='true'] {
    border-color: var(--bad);
    background: #fff6f5;
  }
  input[type='range'] {
    accent-color: var(--accent);
    width: 100%;
    margin: 0;
  }
  .issue {
    color: var(--bad);
    font-size: 11.5px;
    line-height: 1.3;
    margin-top: 2px;
  }
  h2 {
    font-size: 11px;
    font-weight: 600;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--ink-3);
    margin: 0 0 8px;
  }
`;
