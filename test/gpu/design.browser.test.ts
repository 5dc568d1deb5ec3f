// The designer contract in headless Chromium (WebGPU on SwiftShader in CI).
import { acquireGpu } from '../../src/gpu/device';
import { defineDesignContract } from './design-contract';

defineDesignContract('chromium', () => acquireGpu());
