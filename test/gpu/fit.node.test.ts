// The fit contract on Dawn's Node bindings (the `webgpu` package), with SwiftShader's Vulkan
// driver (VK_ICD_FILENAMES, set in vite.config.ts) or a real GPU's. All 4,500 grid starts.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { create, globals } from 'webgpu';
import { acquireGpu } from '../../src/gpu/device';
import { defineFitContract } from './fit-contract';

Object.assign(globalThis, globals);
const gpu = create([]);

defineFitContract({
  name: 'node (webgpu package)',
  acquire: () => acquireGpu({ gpu }),
  readChinchilla: () =>
    readFile(resolve(process.cwd(), '../shared/data/chinchilla-runs.csv'), 'utf8'),
  startStride: 1,
});
