// The fit contract in headless Chromium (WebGPU on SwiftShader in CI). The data file is read
// through Vitest's server command, which needs ../shared/data in the browser project's
// server.fs.allow (without it the suite fails with Vite's 'Access denied'). All 4,500 grid
// starts: about 7 s on SwiftShader here.
import { commands } from 'vitest/browser';
import { acquireGpu } from '../../src/gpu/device';
import { defineFitContract } from './fit-contract';

defineFitContract({
  name: 'chromium',
  acquire: () => acquireGpu(),
  readChinchilla: () => commands.readFile('../shared/data/chinchilla-runs.csv'),
  startStride: 1,
});
