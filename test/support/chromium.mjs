// System Chromium with WebGPU on SwiftShader (ENVIRONMENT.md). Shared by the Vitest browser
// project, the end-to-end tests and the benchmark runner.
import { existsSync } from 'node:fs';

/** Path of the system Chromium; CHROMIUM_PATH overrides it. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that enable WebGPU and keep Chromium off the network. When WEBGPU_ADAPTER is 'default'
 * (a machine with a real GPU), the SwiftShader flags are left out.
 */
export function chromiumArgs() {
  const quiet = [
    '--no-sandbox',
    '--enable-unsafe-webgpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ];
  if (process.env.WEBGPU_ADAPTER === 'default')
    return [...quiet, '--enable-features=Vulkan', '--ignore-gpu-blocklist'];
  // Without Vulkan compositing on SwiftShader too, configuring a WebGPU canvas destroys the device
  // ("A valid external Instance reference no longer exists"); compute-only work is unaffected.
  return [
    ...quiet,
    '--use-webgpu-adapter=swiftshader',
    '--enable-unsafe-swiftshader',
    '--use-angle=swiftshader',
    '--use-vulkan=swiftshader',
    '--enable-features=Vulkan',
  ];
}

/** Throws a clear error when the system Chromium is missing (the GPU tests need it). */
export function requireChromium() {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromiumPath;
}
