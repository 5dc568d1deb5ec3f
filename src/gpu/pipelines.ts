/**
 * Shader modules and pipelines, created once per device and kernel, with compilation and
 * validation errors reported under the kernel's name.
 */

/** A shader that failed to compile or a pipeline that failed validation. */
export class KernelError extends Error {
  constructor(
    readonly kernel: string,
    message: string,
  ) {
    super(`${kernel}: ${message}`);
    this.name = 'KernelError';
  }
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<unknown>>>();

/** Returns the cached value for (device, key), creating it once with `make`. */
export function cachedPerDevice<T>(
  device: GPUDevice,
  key: string,
  make: () => Promise<T>,
): Promise<T> {
  let perDevice = cache.get(device);
  if (!perDevice) {
    perDevice = new Map();
    cache.set(device, perDevice);
  }
  let entry = perDevice.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = make();
    perDevice.set(key, entry);
    entry.catch(() => perDevice.delete(key));
  }
  return entry;
}

/**
 * `code` with its one `marker` line replaced by `generated` (constants written from the
 * TypeScript source of truth). Throws a KernelError when the marker is missing or repeated.
 */
export function withGeneratedConstants(
  kernel: string,
  code: string,
  marker: string,
  generated: string,
): string {
  const lines = code.split('\n');
  const at = lines.flatMap((l, i) => (l.trim() === marker ? [i] : []));
  if (at.length !== 1)
    throw new KernelError(
      kernel,
      `the shader needs exactly one '${marker}' line for its generated constants, found ${at.length}`,
    );
  lines[at[0]!] = generated;
  return lines.join('\n');
}

/** Compiles WGSL, throwing a KernelError that lists the compiler's error messages. */
export async function compileShader(
  device: GPUDevice,
  kernel: string,
  code: string,
): Promise<GPUShaderModule> {
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: `${kernel}.module`, code });
  const info = await module.getCompilationInfo();
  const scopeError = await device.popErrorScope();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    const text = errors.map((m) => `line ${m.lineNum}:${m.linePos} ${m.message}`).join('; ');
    throw new KernelError(kernel, `shader compilation failed: ${text}`);
  }
  if (scopeError) throw new KernelError(kernel, `shader module invalid: ${scopeError.message}`);
  return module;
}

/** Runs `create` inside a validation scope and throws a KernelError if it fails. */
export async function validated<T>(
  device: GPUDevice,
  kernel: string,
  create: () => Promise<T>,
): Promise<T> {
  device.pushErrorScope('validation');
  let value: T;
  try {
    value = await create();
  } catch (e) {
    await device.popErrorScope();
    throw new KernelError(
      kernel,
      `pipeline creation failed: ${e instanceof Error ? e.message : e}`,
    );
  }
  const error = await device.popErrorScope();
  if (error) throw new KernelError(kernel, `pipeline invalid: ${error.message}`);
  return value;
}
