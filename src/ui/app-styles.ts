/** Styles of the app shell: header with view tabs, the Surface layout, the Fit view's frame. */
import { css } from 'lit';
import { theme } from './theme';

export const appStyles = [
  theme,
  css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100vh;
        background: var(--bg);
      }
      /* One row where it fits; below that the controls wrap onto a second row, never off-screen. */
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 12px;
        padding: 8px 16px;
        background: var(--panel);
        border-bottom: 1px solid var(--line);
      }
      [hidden] {
        display: none !important;
      }
      nav {
        display: flex;
        gap: 2px;
        background: #eef0f4;
        border-radius: 6px;
        padding: 2px;
      }
      nav button {
        border: none;
        background: none;
        font: inherit;
        font-size: 12.5px;
        padding: 3px 11px;
        border-radius: 5px;
        color: var(--ink-2);
        cursor: pointer;
      }
      nav button[aria-selected='true'] {
        background: #fff;
        color: var(--ink);
        font-weight: 600;
        box-shadow: 0 1px 2px rgba(20, 30, 50, 0.12);
      }
      fit-view {
        flex: 1;
        min-height: 0;
      }
      h1 {
        font-size: 15px;
        font-weight: 650;
        margin: 0;
        white-space: nowrap;
      }
      .tagline {
        color: var(--ink-3);
        font-size: 12px;
        /* A zero basis: the tagline takes what is left and is never what makes the row wrap. */
        flex: 1 1 0;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        min-width: 0;
      }
      /* The badge gives way to the tagline last: its line of routes stays readable. */
      engine-badge {
        flex: 0 1 200px;
        min-width: 170px;
      }
      /* The one main landmark, around the view panels; it only passes the height on. */
      main {
        flex: 1;
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .surface-panel {
        flex: 1;
        display: grid;
        grid-template-columns: 292px 1fr;
        min-height: 0;
      }
      aside {
        background: var(--panel);
        border-right: 1px solid var(--line);
        padding: 14px 16px;
        overflow-y: auto;
      }
      aside > * + * {
        margin-top: 18px;
        padding-top: 14px;
        border-top: 1px solid var(--line);
      }
      surface-view {
        padding: 12px 16px 12px 8px;
        min-width: 0;
      }
      /*
       * Narrow screens (a phone is ~390 px wide; 600 px and less): the header wraps, the tabs take a row of their
       * own and scroll sideways if they must, the controls stack above the plot, and the page
       * scrolls instead of squeezing the plot to nothing.
       */
      @media (max-width: 600px) {
        :host {
          height: auto;
          min-height: 100vh;
        }
        header {
          flex-wrap: wrap;
          gap: 8px 12px;
          padding: 8px 10px;
        }
        nav {
          order: 10;
          flex: 1 1 100%;
          overflow-x: auto;
        }
        nav button {
          padding: 3px 10px;
        }
        .tagline {
          display: none;
        }
        .surface-panel {
          grid-template-columns: minmax(0, 1fr);
        }
        aside {
          border-right: none;
          border-bottom: 1px solid var(--line);
          overflow-y: visible;
        }
        surface-view {
          padding: 8px;
          min-height: 480px;
        }
      }
    `,
];
