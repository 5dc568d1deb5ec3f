/** The hover readout: every quantity at one (N, D), in f64 from the law. Pure. */
import { type ComputeOptimum, computeOptimal } from '../../law/frontier';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN, loss, type ScalingLaw, trainingFlops } from '../../law/law';

/** What the readout shows at one point. */
export interface Readout {
  readonly N: number;
  readonly D: number;
  readonly C: number;
  readonly L: number;
  readonly tokensPerParam: number;
  /** The compute-optimal allocation of the same C. */
  readonly optimum: ComputeOptimum;
}

/** Loss, compute, tokens per parameter and the optimum at the same compute, at 10^log10N, 10^log10D. */
export function readoutAt(
  law: ScalingLaw,
  log10N: number,
  log10D: number,
  flopsPerParamToken: number = DEFAULT_FLOPS_PER_PARAM_TOKEN,
): Readout {
  const N = 10 ** log10N;
  const D = 10 ** log10D;
  const C = trainingFlops(N, D, flopsPerParamToken);
  return {
    N,
    D,
    C,
    L: loss(law, N, D),
    tokensPerParam: D / N,
    optimum: computeOptimal(law, C, flopsPerParamToken),
  };
}
