// The surface contract in headless Chromium (WebGPU on SwiftShader in CI).
import { acquireGpu } from '../../src/gpu/device';
import { defineSurfaceContract } from './surface-contract';

defineSurfaceContract('chromium', () => acquireGpu());
