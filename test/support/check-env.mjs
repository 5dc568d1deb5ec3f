// Fails fast, with the fix spelled out, when the machine lacks what the GPU tests need.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';
import { findScipyPython, PYTHON_CANDIDATES } from './python.mjs';

const problems = [];
if (!existsSync(chromiumPath)) {
  problems.push(
    `Chromium not found at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  );
}
let vulkan = false;
try {
  vulkan = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libvulkan.so.1');
} catch {
  vulkan = false;
}
if (!vulkan)
  problems.push(
    'libvulkan.so.1 not found (apt-get install -y libvulkan1): WebGPU in Node needs it',
  );
if (!findScipyPython()) {
  problems.push(
    `no Python with numpy and scipy among ${PYTHON_CANDIDATES.join(', ')} (apt-get install -y python3-scipy): the scipy peer check needs it`,
  );
}
if (problems.length > 0) {
  console.error(`The tests cannot run on this machine:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
