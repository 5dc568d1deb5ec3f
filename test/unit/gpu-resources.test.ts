/** GpuResources counts live and created buffers and textures (the leak checks read them). */
import { describe, expect, it } from 'vitest';
import { GpuResources } from '../../src/gpu/resources';

/** A fake device whose buffers and textures record their destroy() calls. */
function fakeDevice() {
  const destroyed: string[] = [];
  const make = (kind: string) => (d: { label?: string }) => ({
    destroy: () => destroyed.push(`${kind}:${d.label}`),
  });
  const device = {
    createBuffer: make('buffer'),
    createTexture: make('texture'),
  } as unknown as GPUDevice;
  return { device, destroyed };
}

describe('GpuResources', () => {
  it('counts buffers and textures created and still live, and destroys them', () => {
    const { device, destroyed } = fakeDevice();
    const r = new GpuResources(device);
    expect(r.counts()).toEqual({
      liveBuffers: 0,
      createdBuffers: 0,
      liveTextures: 0,
      createdTextures: 0,
    });
    const a = r.createBuffer({ label: 'a', size: 16, usage: 0 });
    r.createBuffer({ label: 'b', size: 16, usage: 0 });
    const t = r.createTexture({ label: 't', size: [4, 4], format: 'rgba8unorm', usage: 0 });
    expect(r.counts()).toEqual({
      liveBuffers: 2,
      createdBuffers: 2,
      liveTextures: 1,
      createdTextures: 1,
    });
    r.destroyBuffer(a);
    r.destroyTexture(t);
    expect(r.counts()).toEqual({
      liveBuffers: 1,
      createdBuffers: 2,
      liveTextures: 0,
      createdTextures: 1,
    });
    expect(destroyed).toEqual(['buffer:a', 'texture:t']);
  });
});
