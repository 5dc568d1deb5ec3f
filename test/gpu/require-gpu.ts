/**
 * The GPU a contract test runs on: the device of `acquire`, or an error naming the platform and
 * the reason, so that a missing WebGPU adapter fails the contract instead of skipping it.
 */
import type { GpuAcquisition, GpuContext } from '../../src/gpu/device';

/** Acquires the platform's GPU; throws when there is none (the GPU tests must run). */
export async function requireGpu(
  platform: string,
  acquire: () => Promise<GpuAcquisition>,
): Promise<GpuContext> {
  const acquisition = await acquire();
  if (acquisition.kind !== 'gpu')
    throw new Error(
      `no WebGPU adapter on ${platform}: ${acquisition.reason}. The GPU tests must run.`,
    );
  return acquisition.gpu;
}
