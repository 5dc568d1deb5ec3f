/**
 * Drives the heatmap and the contours of the Surface view: owns the canvas and painter of the
 * engine in use, coalesces draws per animation frame, fetches the coarse grid for contours and
 * drops stale results. Replaces the canvas when the engine changes; a failed draw keeps the
 * last picture while the engine manager recovers.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ColourScale } from '../colour/colour-map';
import { isAbortError } from '../engine/abort';
import type { Engine, HeatmapFrame, HeatmapPainter } from '../engine/engine';
import type { EngineManager } from '../engine/manager';
import type { SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { type ContourLine, coarseGrid, contourLines, lossLevels } from './charts/contours';
import { FrameScheduler } from './frame-scheduler';

/** What the view wants drawn. */
export interface SurfaceInput {
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly scale: ColourScale;
  /** Plot area in CSS pixels and the device pixel ratio. */
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
}

interface Target {
  readonly engine: Engine;
  readonly canvas: HTMLCanvasElement;
  readonly painter: HeatmapPainter;
}

interface ContourRequest {
  readonly engine: Engine;
  readonly law: ScalingLaw;
  readonly grid: SurfaceGrid;
  readonly scale: ColourScale;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Heatmap and contour work for one Surface view. */
export class SurfaceController implements ReactiveController {
  /** Contours of the latest inputs (or the last ones that arrived). */
  contours: ContourLine[] | undefined;
  /** Why the last draw failed, until one succeeds. */
  drawError: string | undefined;
  /** Frames drawn so far (the end-to-end test waits on it). */
  framesDrawn = 0;

  private targets: Target[] = [];
  private input: SurfaceInput | undefined;
  private contourRequest: ContourRequest | undefined;
  private readonly heat = new FrameScheduler<HeatmapFrame>((f, s) => this.paint(f, s), {
    onError: (e) => this.failed(e),
  });
  private readonly contour = new FrameScheduler<ContourRequest>((r, s) => this.trace(r, s), {
    abortSuperseded: true,
  });
  private readonly onEngineChange = () => this.syncEngine();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly manager: EngineManager,
    /** The element canvases go in. */
    private readonly layer: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.manager.addEventListener('change', this.onEngineChange);
    this.manager.whenReadyFor('surface').then(this.onEngineChange, () => {});
  }

  hostDisconnected(): void {
    this.manager.removeEventListener('change', this.onEngineChange);
    this.heat.cancel();
    this.contour.cancel();
    for (const t of this.targets) this.retire(t);
    this.targets = [];
  }

  /** Asks for the latest inputs to be drawn (coalesced to one draw per frame). */
  update(input: SurfaceInput): void {
    const previous = this.input;
    this.input = input;
    this.requestFrame();
    if (
      !previous ||
      previous.law !== input.law ||
      previous.grid !== input.grid ||
      previous.scale.mode !== input.scale.mode
    ) {
      this.requestContours();
    }
  }

  private get latest(): Target | undefined {
    return this.targets[this.targets.length - 1];
  }

  private requestFrame(): void {
    const i = this.input;
    if (!i || !this.latest || i.width < 1 || i.height < 1) return;
    this.heat.request({
      law: i.law,
      grid: i.grid,
      scale: i.scale,
      pixelWidth: Math.round(i.width * i.pixelRatio),
      pixelHeight: Math.round(i.height * i.pixelRatio),
    });
  }

  private requestContours(): void {
    const i = this.input;
    const engine = this.latest?.engine;
    if (!i || !engine) return;
    this.contourRequest = { engine, law: i.law, grid: i.grid, scale: i.scale };
    this.contour.request(this.contourRequest);
  }

  private syncEngine(): void {
    const engine = this.manager.engineFor('surface');
    this.host.requestUpdate();
    if (!engine || this.manager.status.state !== 'ready' || engine === this.latest?.engine) return;
    const layer = this.layer();
    if (!layer) return;
    const canvas = document.createElement('canvas');
    canvas.className = 'heatmap';
    canvas.dataset.testid = 'heatmap';
    canvas.dataset.engine = engine.kind;
    let painter: HeatmapPainter;
    try {
      painter = engine.createPainter(canvas);
    } catch (e) {
      this.drawError = `Cannot draw with ${engine.label}: ${errorText(e)}`;
      return;
    }
    layer.append(canvas);
    this.targets.push({ engine, canvas, painter });
    this.requestFrame();
    this.requestContours();
  }

  private async paint(frame: HeatmapFrame, signal: AbortSignal): Promise<void> {
    const target = this.latest;
    if (!target) return;
    await target.painter.draw(frame, signal);
    if (target !== this.latest) return;
    for (const old of this.targets.slice(0, -1)) this.retire(old);
    this.targets = [target];
    this.framesDrawn++;
    target.canvas.dataset.frames = String(this.framesDrawn);
    if (import.meta.env.DEV) performance.mark('surface-frame', { detail: frame.law });
    if (this.drawError) {
      this.drawError = undefined;
      this.host.requestUpdate();
    }
  }

  private failed(e: unknown): void {
    if (isAbortError(e)) return;
    this.drawError = `Last draw failed (${errorText(e)}); showing the previous picture.`;
    this.host.requestUpdate();
  }

  private async trace(request: ContourRequest, signal: AbortSignal): Promise<void> {
    const coarse = coarseGrid(request.grid);
    let values: Float32Array;
    try {
      values = await request.engine.surface(request.law, coarse, { signal });
    } catch {
      return;
    }
    if (signal.aborted || request !== this.contourRequest) return;
    this.contours = contourLines(values, coarse, lossLevels(request.scale));
    this.host.requestUpdate();
  }

  private retire(target: Target): void {
    target.canvas.remove();
    try {
      target.painter.dispose();
    } catch {
      // The engine behind it may already be gone (device lost); nothing is left to free.
    }
  }
}
