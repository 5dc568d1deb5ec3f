/**
 * GPU time of a kernel's own compute passes, from timestamp queries written at the start and
 * end of each pass, summed over every pass a job submits (tiles, chunks). Kernels take one as
 * an option and call {@link PassTimer.writes} when they begin a pass, {@link PassTimer.resolve}
 * before they finish the encoder, and {@link PassTimer.collect} after the submit. Needs the
 * 'timestamp-query' feature (see GpuInfo.timestampQuery); browsers may round stamps (Chromium:
 * to 100 µs unless WebGPU developer features are on).
 */

/** Sums the GPU time of timestamped compute passes, one pass per submit. */
export class PassTimer {
  private readonly querySet: GPUQuerySet;
  private readonly resolveBuffer: GPUBuffer;
  private readonly readBuffer: GPUBuffer;
  private pending = false;
  /** GPU seconds of every collected pass so far. */
  seconds = 0;
  /** Passes collected so far. */
  passes = 0;

  constructor(private readonly device: GPUDevice) {
    this.querySet = device.createQuerySet({
      label: 'passTimer.stamps',
      type: 'timestamp',
      count: 2,
    });
    this.resolveBuffer = device.createBuffer({
      label: 'passTimer.resolve',
      size: 16,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
    });
    this.readBuffer = device.createBuffer({
      label: 'passTimer.read',
      size: 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** The `timestampWrites` of the next pass. */
  writes(): GPUComputePassTimestampWrites {
    return { querySet: this.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 };
  }

  /** Encodes the resolve and copy of the pass's stamps; call once per timed pass. */
  resolve(encoder: GPUCommandEncoder): void {
    encoder.resolveQuerySet(this.querySet, 0, 2, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, 16);
    this.pending = true;
  }

  /** After the submit: reads the stamps back and adds the pass's time. */
  async collect(): Promise<void> {
    if (!this.pending) return;
    this.pending = false;
    await this.readBuffer.mapAsync(GPUMapMode.READ);
    const [start, end] = new BigUint64Array(this.readBuffer.getMappedRange());
    this.readBuffer.unmap();
    // Some implementations report end < start for very short passes; count those as 0.
    this.seconds += Math.max(0, Number(end! - start!)) / 1e9;
    this.passes++;
  }

  /**
   * GPU seconds of whatever `work` encodes, however many passes it begins: an empty pass writes
   * the start stamp before it and another the end stamp after it; submits and waits. The time is
   * also added to {@link seconds}.
   */
  async time(work: (encoder: GPUCommandEncoder) => void): Promise<number> {
    const before = this.seconds;
    const encoder = this.device.createCommandEncoder({ label: 'passTimer.timed' });
    const { querySet } = this;
    encoder
      .beginComputePass({
        label: 'passTimer.start',
        timestampWrites: { querySet, beginningOfPassWriteIndex: 0 },
      })
      .end();
    work(encoder);
    encoder
      .beginComputePass({
        label: 'passTimer.end',
        timestampWrites: { querySet, endOfPassWriteIndex: 1 },
      })
      .end();
    this.resolve(encoder);
    this.device.queue.submit([encoder.finish()]);
    await this.collect();
    return this.seconds - before;
  }

  /** Frees the query set and buffers. */
  dispose(): void {
    this.querySet.destroy();
    this.resolveBuffer.destroy();
    this.readBuffer.destroy();
  }
}

/** A timer on `device`, or undefined when it lacks 'timestamp-query'. */
export function passTimerFor(device: GPUDevice): PassTimer | undefined {
  return device.features.has('timestamp-query') ? new PassTimer(device) : undefined;
}
