/** Slider ranges of the law constants and the mapping between slider position and value. Pure. */
import type { LawField } from '../../law/law';

/** How one constant's slider moves: linearly in the value, or in log10 of it. */
export interface SliderSpec {
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** True when the slider position is log10 of the value. */
  readonly log: boolean;
}

/** Slider ranges: exponents and E linear, A and B on log sliders from 1 to 1e6. */
export const SLIDERS: Readonly<Record<LawField, SliderSpec>> = {
  E: { min: 0.01, max: 4, step: 0.001, log: false },
  A: { min: 0, max: 6, step: 0.001, log: true },
  B: { min: 0, max: 6, step: 0.001, log: true },
  alpha: { min: 0.05, max: 1.5, step: 0.001, log: false },
  beta: { min: 0.05, max: 1.5, step: 0.001, log: false },
};

/** Slider position of a value (clamped to the slider's range; NaN or non-positive log values go to min). */
export function toSlider(spec: SliderSpec, value: number): number {
  const v = spec.log ? (value > 0 ? Math.log10(value) : spec.min) : value;
  if (!Number.isFinite(v)) return spec.min;
  return Math.min(spec.max, Math.max(spec.min, v));
}

/** Value at a slider position. */
export function fromSlider(spec: SliderSpec, position: number): number {
  return spec.log ? Number((10 ** position).toPrecision(6)) : position;
}
