// The multiplier-curves contract in headless Chromium (WebGPU on SwiftShader in CI).
import { acquireGpu } from '../../src/gpu/device';
import { defineMultiplierContract } from './multiplier-contract';

defineMultiplierContract('chromium', () => acquireGpu());
