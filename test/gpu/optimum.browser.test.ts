// The optimum contract in headless Chromium (WebGPU on SwiftShader in CI).
import { acquireGpu } from '../../src/gpu/device';
import { defineOptimumContract } from './optimum-contract';

defineOptimumContract('chromium', () => acquireGpu());
