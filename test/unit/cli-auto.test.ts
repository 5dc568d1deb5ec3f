// The CLI's `--engine auto` follows the app's rule for fits: never on a software adapter
// (SwiftShader here and in CI), on the GPU for a hardware one.
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { main } from '../../src/cli/main';
import { isSoftwareAdapter } from '../../src/engine/auto-policy';
import { acquireGpu } from '../../src/gpu/device';
import { builtinCsv, capture } from '../support/cli';

const { dir, csvPath } = builtinCsv('scaling-sweep-cli-auto-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('fits on the CPU under auto when the adapter is a software one, quietly', async () => {
  Object.assign(globalThis, globals);
  const acquisition = await acquireGpu({ gpu: create([]) });
  if (acquisition.kind !== 'gpu')
    throw new Error(`no WebGPU adapter: ${acquisition.reason}. The GPU tests must run.`);
  const software = isSoftwareAdapter(acquisition.gpu.info);
  acquisition.gpu.device.destroy();
  const io = capture();
  const argv = ['fit', csvPath, '--bootstrap', '20', '--starts', '40', '--engine', 'auto'];
  expect(await main([...argv, '--json'], io.streams)).toBe(0);
  expect(io.err()).toBe('');
  const report = JSON.parse(io.out());
  expect(report.engine).toBe(software ? 'cpu' : 'gpu');
  expect(report.adapter === null).toBe(software);
});
