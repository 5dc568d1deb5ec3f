/**
 * The Frontier view's band job as a reactive controller: every bootstrap replica's optimum at
 * every budget of the panels and the readout (engine.frontier over replicas x budgets),
 * summarised into percentile bands. The replicas of the overlaid series go into the same job
 * and are summarised per series.
 *
 * - Requests are coalesced to one per frame (FrameScheduler); a newer request supersedes the
 *   job in flight, which is aborted and whose late result is dropped (JobController).
 * - A request starts by itself while its estimated time (from the jobs timed in this session,
 *   per engine and scenario kind) is within about a second; a larger one is held, with its
 *   estimate, until {@link FrontierBands.solveHeld}.
 * - The replicas' optima are summarised in slices with the page drawing in between: 4,000
 *   replicas x 515 budgets summarised at once held the main thread for about a second.
 */
import type { ReactiveControllerHost } from 'lit';
import type { EngineManager } from '../engine/manager';
import {
  AUTO_BAND_SECONDS,
  type BandTiming,
  bandSeconds,
  groupBandsInSlices,
} from '../law/frontier-curves';
import type { ScalingLaw } from '../law/law';
import type { Scenario } from '../law/scenario';
import { type FrameClock, FrameScheduler } from './frame-scheduler';
import type { BandsResult } from './frontier-plot';
import { JobController } from './job-controller';

/** What one band job solves. */
export interface BandsInput {
  readonly manager: EngineManager;
  /** The replicas of the fit shown (may be empty when only series overlays have replicas). */
  readonly laws: readonly ScalingLaw[];
  /** The replicas of each overlaid series, solved in the same job and summarised apart. */
  readonly series?: readonly (readonly ScalingLaw[])[];
  /** The panels' budgets first, then the readout's. */
  readonly scenarios: readonly Scenario[];
  /** How many of {@link scenarios} are the panels' (the rest are the readout's). */
  readonly gridCount: number;
  /** Which timings estimate it: the engine and the scenario kind ("gpu:compute"). */
  readonly timingKey: string;
}

/** Replica x budget pairs solved so far. */
export interface BandsProgress {
  readonly done: number;
  readonly total: number;
}

/** Timings kept per key, this session (the latest few). */
const TIMINGS = new Map<string, BandTiming[]>();
const TIMINGS_KEPT = 8;
/** Keys that have run once: a first run pays for start-up (a shader compile), not a rate. */
const WARMED = new Set<string>();

function recordTiming(key: string, t: BandTiming) {
  if (!WARMED.has(key)) {
    WARMED.add(key);
    return;
  }
  const list = TIMINGS.get(key) ?? [];
  list.push(t);
  if (list.length > TIMINGS_KEPT) list.splice(0, list.length - TIMINGS_KEPT);
  TIMINGS.set(key, list);
}

/**
 * Hands the thread back to the page for a moment: a message task, which the page may draw and
 * take input before, and which is not throttled as nested timeouts are.
 */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** The band job of one view. */
export class FrontierBands {
  /** The job; its result carries the key it was solved for. */
  readonly job: JobController<[string, BandsInput], BandsResult, BandsProgress>;
  /** A request over the automatic budget, waiting for {@link solveHeld}. */
  held: { readonly key: string; readonly input: BandsInput; readonly estimate: number } | undefined;
  private requested = '';
  /** The key of the last request that reached the engine. */
  private started = '';
  private readonly frames: FrameScheduler<[string, BandsInput]>;

  /** `clock` paces the requests (the animation frames by default; a fake one in tests). */
  constructor(
    private readonly host: ReactiveControllerHost,
    clock?: FrameClock,
  ) {
    this.job = new JobController(host, {
      task: async ([, input], { signal, onProgress }): Promise<BandsResult> => {
        const startedAt = performance.now();
        const groups = [input.laws, ...(input.series ?? [])];
        const laws = groups.length > 1 ? groups.flat() : input.laws;
        const res = await input.manager.run(
          'frontier',
          (engine) =>
            engine.frontier(laws, input.scenarios, {
              signal,
              onProgress: (done, total) => onProgress({ done, total }),
            }),
          signal,
        );
        const pairs = laws.length * input.scenarios.length;
        recordTiming(input.timingKey, { pairs, seconds: (performance.now() - startedAt) / 1000 });
        const sizes = groups.map((g) => g.length);
        const [all = [], ...series] = await groupBandsInSlices(res, sizes, input.scenarios.length, {
          pause: yieldToPage,
          signal,
        });
        return {
          grid: all.slice(0, input.gridCount),
          readout: all.slice(input.gridCount),
          replicas: input.laws.length,
          series: series.map((b, i) => ({
            grid: b.slice(0, input.gridCount),
            readout: b.slice(input.gridCount),
            replicas: input.series?.[i]?.length ?? 0,
          })),
        };
      },
      argsEqual: (a, b) => a[0] === b[0],
    });
    this.frames = new FrameScheduler(
      async (args) => {
        this.started = args[0];
        void this.job.run(args);
      },
      clock ? { clock } : {},
    );
  }

  /** The bands of `key`, when they are the last result. */
  resultFor(key: string): BandsResult | undefined {
    const r = this.job.result;
    return r && r.args[0] === key ? r.value : undefined;
  }

  /**
   * Asks for the bands of `key` (built by `input` only when needed): nothing when they are at
   * hand or already asked for; held when the estimate is over the automatic budget.
   */
  request(key: string, input: () => BandsInput): void {
    if (key === this.requested || this.held?.key === key) return;
    if (this.job.result?.args[0] === key) {
      this.requested = key;
      this.setHeld(undefined);
      return;
    }
    const i = input();
    const lawCount = i.laws.length + (i.series ?? []).reduce((n, g) => n + g.length, 0);
    const estimate = bandSeconds(lawCount * i.scenarios.length, TIMINGS.get(i.timingKey) ?? []);
    if (estimate !== undefined && estimate > AUTO_BAND_SECONDS) {
      this.setHeld({ key, input: i, estimate });
      return;
    }
    this.start(key, i);
  }

  /** Starts the held request. */
  solveHeld(): void {
    const h = this.held;
    if (h) this.start(h.key, h.input);
  }

  /**
   * Drops a request still waiting for its frame (the view was hidden or taken off the page); it
   * is asked again on the next request. A job already started runs on, and its result is kept.
   */
  pause(): void {
    this.frames.cancel();
    this.requested = this.started;
  }

  private start(key: string, input: BandsInput) {
    this.requested = key;
    this.setHeld(undefined);
    this.frames.request([key, input]);
  }

  private setHeld(h: FrontierBands['held']) {
    if (this.held === h) return;
    this.held = h;
    this.host.requestUpdate();
  }
}
