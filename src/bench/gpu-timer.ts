/**
 * GPU time of whatever a caller encodes, from timestamp queries: an empty compute pass writes
 * the start stamp before the work and another writes the end stamp after it, so kernels that
 * begin their own passes need no change. Needs the 'timestamp-query' feature on the device.
 * Browsers may round the stamps (Chromium: to 100 µs unless WebGPU developer features are on).
 */

/** Brackets encoded work with timestamps and reads back the elapsed GPU time. */
export class GpuTimer {
  private readonly querySet: GPUQuerySet;
  private readonly resolve: GPUBuffer;
  private readonly read: GPUBuffer;

  constructor(private readonly device: GPUDevice) {
    this.querySet = device.createQuerySet({
      label: 'bench.timestamps',
      type: 'timestamp',
      count: 2,
    });
    this.resolve = device.createBuffer({
      label: 'bench.timestamps.resolve',
      size: 16,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    this.read = device.createBuffer({
      label: 'bench.timestamps.read',
      size: 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Encodes `work` between two timestamps, submits, and resolves with the GPU seconds between them. */
  async time(work: (encoder: GPUCommandEncoder) => void): Promise<number> {
    const encoder = this.device.createCommandEncoder({ label: 'bench.timed' });
    encoder
      .beginComputePass({
        label: 'bench.timestamp.start',
        timestampWrites: { querySet: this.querySet, beginningOfPassWriteIndex: 0 },
      })
      .end();
    work(encoder);
    encoder
      .beginComputePass({
        label: 'bench.timestamp.end',
        timestampWrites: { querySet: this.querySet, endOfPassWriteIndex: 1 },
      })
      .end();
    encoder.resolveQuerySet(this.querySet, 0, 2, this.resolve, 0);
    encoder.copyBufferToBuffer(this.resolve, 0, this.read, 0, 16);
    this.device.queue.submit([encoder.finish()]);
    await this.read.mapAsync(GPUMapMode.READ);
    const [start, end] = new BigUint64Array(this.read.getMappedRange());
    this.read.unmap();
    return Number(end! - start!) / 1e9;
  }

  /** Frees the query set and buffers. */
  dispose(): void {
    this.querySet.destroy();
    this.resolve.destroy();
    this.read.destroy();
  }
}
