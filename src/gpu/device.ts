/**
 * Device acquisition: the only caller of requestAdapter. Returns a GPU context, or the reason
 * the CPU engine must be used instead. Reports device loss and uncaptured errors.
 */
import { GpuResources } from './resources';

/** What the UI shows about the adapter. */
export interface GpuInfo {
  /** Human name: the adapter description, or vendor and architecture. */
  readonly name: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
  readonly timestampQuery: boolean;
  readonly limits: GpuLimits;
}

/** The device limits the kernels plan their tiles with. */
export interface GpuLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxTextureDimension2D: number;
}

/** Why and how a device was lost. */
export interface GpuLoss {
  readonly reason: 'destroyed' | 'unknown';
  readonly message: string;
}

/** A usable device with its description and resource counter. */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly info: GpuInfo;
  readonly resources: GpuResources;
  /** Resolves when the device is lost, for any reason. */
  readonly lost: Promise<GpuLoss>;
  /** The GPU object that produced the device (for the canvas format). */
  readonly gpu: GPU;
}

/** The outcome of acquisition: a GPU, or the CPU with a reason a person can read. */
export type GpuAcquisition =
  | { readonly kind: 'gpu'; readonly gpu: GpuContext }
  | { readonly kind: 'cpu'; readonly reason: string };

/** Options for {@link acquireGpu}. */
export interface AcquireOptions {
  /** The WebGPU entry point; defaults to navigator.gpu. Node passes the `webgpu` package's. */
  readonly gpu?: GPU | undefined;
  readonly powerPreference?: GPUPowerPreference;
  /** Called once if the device is lost after acquisition. */
  readonly onLost?: (loss: GpuLoss) => void;
  /** Called for each validation or out-of-memory error no error scope caught. */
  readonly onUncapturedError?: (message: string) => void;
}

function describeAdapter(adapter: GPUAdapter, timestampQuery: boolean): GpuInfo {
  const info = adapter.info;
  const vendor = info?.vendor ?? '';
  const architecture = info?.architecture ?? '';
  const description = info?.description ?? '';
  const isFallbackAdapter = Boolean(
    (info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter ??
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter,
  );
  const name =
    description || [vendor, architecture].filter(Boolean).join(' ') || 'unnamed WebGPU adapter';
  const l = adapter.limits;
  return {
    name,
    vendor,
    architecture,
    description,
    isFallbackAdapter,
    timestampQuery,
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxTextureDimension2D: l.maxTextureDimension2D,
    },
  };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Requests an adapter and a device, with the adapter's buffer limits. Never throws. */
export async function acquireGpu(options: AcquireOptions = {}): Promise<GpuAcquisition> {
  const gpu = options.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu)
    return { kind: 'cpu', reason: 'WebGPU is not available here (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter(
      options.powerPreference ? { powerPreference: options.powerPreference } : undefined,
    );
  } catch (e) {
    return { kind: 'cpu', reason: `requestAdapter failed: ${errorText(e)}` };
  }
  if (!adapter) return { kind: 'cpu', reason: 'no WebGPU adapter was found' };
  const timestampQuery = adapter.features.has('timestamp-query');
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      label: 'ScalingSweep.device',
      requiredFeatures: timestampQuery ? ['timestamp-query'] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
      },
    });
  } catch (e) {
    return { kind: 'cpu', reason: `requestDevice failed: ${errorText(e)}` };
  }
  const info = describeAdapter(adapter, timestampQuery);
  const lost = device.lost.then(
    (l): GpuLoss => ({
      reason: l.reason === 'destroyed' ? 'destroyed' : 'unknown',
      message: l.message,
    }),
  );
  if (options.onLost) lost.then(options.onLost);
  device.addEventListener('uncapturederror', (event) => {
    const message = (event as GPUUncapturedErrorEvent).error.message;
    options.onUncapturedError?.(message);
  });
  return { kind: 'gpu', gpu: { device, info, resources: new GpuResources(device), lost, gpu } };
}
