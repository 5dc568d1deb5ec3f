/** The GPU fit backend: the fit kernel (src/gpu/fit.ts) behind the engine-independent runFit. */
import type { LocalFitOptions } from '../fit/local-fits';
import { prepareFitData } from '../fit/objective';
import { resampleUnits } from '../fit/resample';
import type { BatchJob, FitBackend, ReplicaRequest } from '../fit/run-fit';
import type { FitRun } from '../fit/types';
import type { GpuFitter } from '../gpu/fit';
import type { PassTimer } from '../gpu/pass-timer';
import type { LawTheta } from '../law/law';

/** Fits on the GPU; `fitter` compiles once per device; `timer` sums the kernel's GPU time. */
export function gpuFitBackend(fitter: () => Promise<GpuFitter>, timer?: PassTimer): FitBackend {
  return {
    engine: 'gpu',
    async fitStarts(
      runs: readonly FitRun[],
      starts: readonly LawTheta[],
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      return (await fitter()).fitFromStarts(prepareFitData(runs), starts, options, {
        ...job,
        timer,
      });
    },
    async fitReplicas(
      runs: readonly FitRun[],
      request: ReplicaRequest,
      options: LocalFitOptions,
      job: BatchJob,
    ) {
      const units = resampleUnits(runs, request.byGroup);
      return (await fitter()).fitReplicas(
        prepareFitData(runs),
        units,
        request.seed,
        request.first,
        request.count,
        request.warm,
        options,
        { ...job, timer },
      );
    },
  };
}
