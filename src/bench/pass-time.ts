/**
 * GPU time of whole engine jobs (fits, frontier, sweep) from the kernels' own timestamped
 * passes, summed over their tiles or chunks: the `gpuSeconds` of a bench case.
 */
import type { Engine } from '../engine/engine';
import { GpuEngine } from '../engine/gpu-engine';
import { PassTimer } from '../gpu/pass-timer';

/**
 * For a GPU engine whose device has timestamp queries: a function that runs `job` with a fresh
 * timer and resolves with the GPU seconds of its passes. Undefined otherwise.
 */
export function passTimeOf(
  engine: Engine,
): ((job: (timer: PassTimer) => Promise<unknown>) => Promise<number>) | undefined {
  if (!(engine instanceof GpuEngine) || !engine.gpu.info.timestampQuery) return undefined;
  const { device } = engine.gpu;
  return async (job) => {
    const timer = new PassTimer(device);
    try {
      await job(timer);
      return timer.seconds;
    } finally {
      timer.dispose();
    }
  };
}
