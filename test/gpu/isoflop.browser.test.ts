// The isoFLOP parabola contract in headless Chromium (WebGPU on SwiftShader in CI).
import { acquireGpu } from '../../src/gpu/device';
import { defineIsoflopContract } from './isoflop-contract';

defineIsoflopContract('chromium', () => acquireGpu());
