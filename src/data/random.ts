/**
 * Seeded randomness: xoshiro128** (Blackman and Vigna) seeded through splitmix32, uniform
 * floats with 32 random bits, and standard normals by the Box-Muller transform. Same seed,
 * same sequence, on every platform (only 32-bit integer operations and f64 math). The update
 * is all u32 operations, so a WGSL twin can reproduce it.
 */

/** One splitmix32 step: returns the next state and a well-mixed output. */
export function splitmix32(state: number): { state: number; value: number } {
  const s = (state + 0x9e3779b9) >>> 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z = (z ^ (z >>> 16)) >>> 0;
  return { state: s, value: z };
}

/** A seeded generator with uniform and normal draws. */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  /** `seed` is taken as an unsigned 32-bit integer (non-integers are truncated). */
  constructor(seed: number) {
    let st = seed >>> 0;
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const step = splitmix32(st);
      st = step.state;
      words.push(step.value);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next unsigned 32-bit integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 random bits. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (multiply-shift; bias below 2^-32 * n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal draw (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const [z0, z1] = boxMuller(this.uniform(), this.uniform());
    this.spare = z1;
    return z0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Two independent standard normals from two uniforms in [0, 1). u1 is mapped to (0, 1] so the
 * logarithm stays finite.
 */
export function boxMuller(u1: number, u2: number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(1 - u1));
  const phi = 2 * Math.PI * u2;
  return [r * Math.cos(phi), r * Math.sin(phi)];
}
