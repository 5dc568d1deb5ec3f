/** Counts live GPU buffers so leaks show up in tests and soak runs. */

/** Creates and destroys buffers on one device, keeping a count of live ones. */
export class GpuResources {
  private liveBuffers = 0;
  private created = 0;

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

  /** Buffers created and not yet destroyed, and buffers created in all. */
  counts(): { liveBuffers: number; createdBuffers: number } {
    return { liveBuffers: this.liveBuffers, createdBuffers: this.created };
  }
}
