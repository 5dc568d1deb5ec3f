/** The GPU fit backend: the fit kernel (src/gpu/fit.ts) behind the engine-independent runFit. */
import type { LocalFitOptions } from '../fit/local-fits';
import { weightedFitData } from '../fit/objective';
import { resampleUnits } from '../fit/resample';
import type {
  BatchJob,
  FitBackend,
  ReplicaRequest,
  ReplicasProblem,
  StartsProblem,
} from '../fit/run-fit';
import type { FitRun } from '../fit/types';
import type { GpuFitter } from '../gpu/fit';
import type { PassTimer } from '../gpu/pass-timer';
import type { LawTheta } from '../law/law';

/**
 * Fits on the GPU; `fitter` compiles once per device; `timer` sums the kernel's GPU time. The
 * batch methods put every problem's fits into the same dispatches (src/gpu/fit.ts).
 */
export function gpuFitBackend(fitter: () => Promise<GpuFitter>, timer?: PassTimer): FitBackend {
  return {
    engine: 'gpu',
    async fitStarts(
      runs: readonly FitRun[],
      starts: readonly LawTheta[],
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return (await fitter()).fitFromStarts(
        weightedFitData(runs, options.weighting),
        starts,
        options,
        {
          ...job,
          timer,
        },
      );
    },
    async fitReplicas(
      runs: readonly FitRun[],
      request: ReplicaRequest,
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      const units = resampleUnits(runs, request.byGroup);
      return (await fitter()).fitReplicas(
        weightedFitData(runs, options.weighting),
        units,
        request.seed,
        request.first,
        request.count,
        request.warm,
        options,
        { ...job, timer },
      );
    },
    async fitStartsBatch(
      problems: readonly StartsProblem[],
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return (await fitter()).fitFromStartsBatch(
        problems.map((p) => ({
          data: weightedFitData(p.runs, options.weighting),
          starts: p.starts,
        })),
        options,
        { ...job, timer },
      );
    },
    async fitReplicasBatch(
      problems: readonly ReplicasProblem[],
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return (await fitter()).fitReplicasBatch(
        problems.map(({ runs, request }) => ({
          data: weightedFitData(runs, options.weighting),
          units: resampleUnits(runs, request.byGroup),
          seed: request.seed,
          first: request.first,
          count: request.count,
          warm: request.warm,
        })),
        options,
        { ...job, timer },
      );
    },
  };
}
