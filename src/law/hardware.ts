/**
 * Accelerator presets and the arithmetic of the scenario planner: a training budget from
 * accelerator count x days x peak throughput x MFU, training time, and cost from a price per
 * accelerator-hour. Peak figures are dense (no 2:4 sparsity) bf16 tensor throughput per chip.
 */
import { formatQuantity } from './scenario';

/** One accelerator: its peak dense bf16 FLOP/s and where that figure comes from. */
export interface AcceleratorPreset {
  readonly id: string;
  readonly name: string;
  /** Peak dense bf16 throughput per accelerator, FLOP/s. */
  readonly peakFlops: number;
  readonly source: string;
}

/** The shipped presets; the planner lets the user edit the figure. */
export const ACCELERATOR_PRESETS: readonly AcceleratorPreset[] = [
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM',
    peakFlops: 989.4e12,
    source: 'NVIDIA H100 Tensor Core GPU datasheet: BF16 1,979 TFLOPS with sparsity, half dense',
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM',
    peakFlops: 989.4e12,
    source: 'NVIDIA H200 Tensor Core GPU datasheet: BF16 1,979 TFLOPS with sparsity, half dense',
  },
  {
    id: 'a100-sxm',
    name: 'NVIDIA A100 SXM',
    peakFlops: 312e12,
    source: 'NVIDIA A100 Tensor Core GPU datasheet: BF16 312 TFLOPS (624 with sparsity)',
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 (HGX, 1,000 W)',
    peakFlops: 2.25e15,
    source: 'NVIDIA HGX B200 datasheet: FP16/BF16 4.5 PFLOPS per GPU with sparsity, half dense',
  },
  {
    id: 'tpu-v5p',
    name: 'Google TPU v5p',
    peakFlops: 459e12,
    source: 'Google Cloud TPU v5p documentation: 459 TFLOPS bf16 peak compute per chip',
  },
];

/** Looks a preset up by id. */
export function findAccelerator(id: string): AcceleratorPreset | undefined {
  return ACCELERATOR_PRESETS.find((p) => p.id === id);
}

/** A cluster running for some days at some model FLOPs utilisation. */
export interface HardwarePlan {
  readonly count: number;
  readonly days: number;
  /** Peak FLOP/s per accelerator. */
  readonly peakFlops: number;
  /** Model FLOPs utilisation in (0, 1]. */
  readonly mfu: number;
}

const SECONDS_PER_DAY = 86_400;

function finitePositive(label: string, v: number): string | null {
  if (typeof v !== 'number' || !Number.isFinite(v))
    return `${label} must be a finite number, got ${v}`;
  return v > 0 ? null : `${label} must be positive, got ${formatQuantity(v)}`;
}

/** Message for an MFU outside (0, 1], or null. */
export function mfuIssue(mfu: number): string | null {
  if (typeof mfu !== 'number' || !Number.isFinite(mfu))
    return `MFU must be a finite number, got ${mfu}`;
  return mfu > 0 && mfu <= 1 ? null : `MFU must be in (0, 1], got ${formatQuantity(mfu)}`;
}

/** The first problem with a plan (count, days, peak, MFU), or null. */
export function hardwareIssue(plan: HardwarePlan): string | null {
  return (
    finitePositive('accelerator count', plan.count) ??
    finitePositive('days', plan.days) ??
    finitePositive('peak FLOP/s', plan.peakFlops) ??
    mfuIssue(plan.mfu)
  );
}

/** Training budget in FLOPs: count x days x 86,400 s x peak x MFU. */
export function budgetFromHardware(plan: HardwarePlan): number {
  return plan.count * plan.days * SECONDS_PER_DAY * plan.peakFlops * plan.mfu;
}

/** Wall-clock days to spend C FLOPs on `count` accelerators at `peakFlops` x `mfu`. */
export function trainingDays(C: number, count: number, peakFlops: number, mfu: number): number {
  return C / (count * peakFlops * mfu * SECONDS_PER_DAY);
}

/** Accelerator-hours to spend C FLOPs at `peakFlops` x `mfu` per accelerator. */
export function acceleratorHours(C: number, peakFlops: number, mfu: number): number {
  return C / (peakFlops * mfu * 3600);
}

/** Cost of spending C FLOPs at a price per accelerator-hour. */
export function trainingCost(
  C: number,
  peakFlops: number,
  mfu: number,
  pricePerHour: number,
): number {
  return acceleratorHours(C, peakFlops, mfu) * pricePerHour;
}

/** Message for a price per accelerator-hour that is negative or not finite (0 is allowed), or null. */
export function priceIssue(pricePerHour: number): string | null {
  if (typeof pricePerHour !== 'number' || !Number.isFinite(pricePerHour))
    return `price per accelerator-hour must be a finite number, got ${pricePerHour}`;
  return pricePerHour >= 0
    ? null
    : `price per accelerator-hour must be zero or more, got ${formatQuantity(pricePerHour)}`;
}
