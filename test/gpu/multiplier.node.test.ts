// The multiplier-curves contract on Dawn's Node bindings (the `webgpu` package), with
// SwiftShader's Vulkan driver (VK_ICD_FILENAMES, set in vite.config.ts) or a real GPU's.
import { create, globals } from 'webgpu';
import { acquireGpu } from '../../src/gpu/device';
import { defineMultiplierContract } from './multiplier-contract';

Object.assign(globalThis, globals);
const gpu = create([]);

defineMultiplierContract('node (webgpu package)', () => acquireGpu({ gpu }));
