/** Counts live GPU buffers and textures so leaks show up in tests and soak runs. */

/** What {@link GpuResources.counts} reports. */
export interface ResourceCounts {
  /** Buffers created here and not yet destroyed. */
  readonly liveBuffers: number;
  /** Buffers created here in all. */
  readonly createdBuffers: number;
  /** Textures created here and not yet destroyed. */
  readonly liveTextures: number;
  /** Textures created here in all. */
  readonly createdTextures: number;
}

/** Creates and destroys buffers and textures on one device, keeping a count of live ones. */
export class GpuResources {
  private liveBuffers = 0;
  private created = 0;
  private liveTextures = 0;
  private createdTextures = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Creates a buffer and counts it as live. */
  createBuffer(descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = this.device.createBuffer(descriptor);
    this.liveBuffers++;
    this.created++;
    return buffer;
  }

  /** Destroys a buffer created here. */
  destroyBuffer(buffer: GPUBuffer): void {
    buffer.destroy();
    this.liveBuffers--;
  }

  /** Creates a texture and counts it as live. */
  createTexture(descriptor: GPUTextureDescriptor): GPUTexture {
    const texture = this.device.createTexture(descriptor);
    this.liveTextures++;
    this.createdTextures++;
    return texture;
  }

  /** Destroys a texture created here. */
  destroyTexture(texture: GPUTexture): void {
    texture.destroy();
    this.liveTextures--;
  }

  /** Live and created buffers and textures. */
  counts(): ResourceCounts {
    return {
      liveBuffers: this.liveBuffers,
      createdBuffers: this.created,
      liveTextures: this.liveTextures,
      createdTextures: this.createdTextures,
    };
  }
}
