/**
 * A Lit controller that tracks the plot area of a chart element: its size less the margins
 * kept for axes, updated on resize, requesting a host update when it changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Margins around the plot area, in CSS pixels. */
export interface PlotMargins {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** Watches `element()` once the host has rendered; `width` and `height` are the plot area. */
export class PlotSizeController implements ReactiveController {
  width = 0;
  height = 0;
  private observer: ResizeObserver | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly margins: PlotMargins,
    private readonly element: () => Element | null | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const el = this.element();
    if (this.observer || !el) return;
    this.observer = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      const m = this.margins;
      const width = Math.max(0, Math.floor(r.width - m.left - m.right));
      const height = Math.max(0, Math.floor(r.height - m.top - m.bottom));
      if (width !== this.width || height !== this.height) {
        this.width = width;
        this.height = height;
        this.host.requestUpdate();
      }
    });
    this.observer.observe(el);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
