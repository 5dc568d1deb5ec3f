/**
 * A typed reader over the bootstrap replica table of a fit (`FitResult.bootstrap.replicas`):
 * K rows of the fitting parameters theta in the order a, b, e, alpha, beta (a = ln A,
 * b = ln B, e = ln E), a row of NaN where the replica did not converge. This module is the
 * only place that knows the layout; it also packs the table (see {@link packReplicas}).
 */
import { type LawTheta, lawFromTheta, type ScalingLaw } from '../law/law';

/** The columns of a replica row, in stored order. */
export const REPLICA_COLUMNS = ['a', 'b', 'e', 'alpha', 'beta'] as const;
export type ReplicaColumn = (typeof REPLICA_COLUMNS)[number];

const WIDTH = REPLICA_COLUMNS.length;
const COLUMN_INDEX: Readonly<Record<ReplicaColumn, number>> = {
  a: 0,
  b: 1,
  e: 2,
  alpha: 3,
  beta: 4,
};

/**
 * Packs replica thetas into the K x 5 table, a NaN row for each `null` (a replica that did
 * not converge).
 */
export function packReplicas(thetas: readonly (LawTheta | null)[]): Float64Array {
  const table = new Float64Array(thetas.length * WIDTH).fill(Number.NaN);
  thetas.forEach((t, k) => {
    if (t) table.set([t.a, t.b, t.e, t.alpha, t.beta], k * WIDTH);
  });
  return table;
}

/** The bootstrap replicas of a fit, read from the packed K x 5 table. */
export class ReplicaTable {
  /** Replicas in the table, converged or not (a trailing partial row is ignored). */
  readonly count: number;

  /** Wraps `rows` (not copied). */
  constructor(readonly rows: Float64Array) {
    this.count = Math.floor(rows.length / WIDTH);
  }

  /** The table of a fit's bootstrap, empty when there is none. */
  static of(replicas: Float64Array | undefined): ReplicaTable {
    return new ReplicaTable(replicas ?? new Float64Array(0));
  }

  /** One value of replica `k` (NaN when it did not converge). */
  value(k: number, column: ReplicaColumn): number {
    this.check(k);
    return this.rows[k * WIDTH + COLUMN_INDEX[column]]!;
  }

  /** Whether replica `k` converged (every value of its row is finite). */
  isConverged(k: number): boolean {
    this.check(k);
    for (let j = 0; j < WIDTH; j++) if (!Number.isFinite(this.rows[k * WIDTH + j]!)) return false;
    return true;
  }

  /** The theta of replica `k`, or null when it did not converge. */
  theta(k: number): LawTheta | null {
    if (!this.isConverged(k)) return null;
    const o = k * WIDTH;
    const r = this.rows;
    return { a: r[o]!, b: r[o + 1]!, e: r[o + 2]!, alpha: r[o + 3]!, beta: r[o + 4]! };
  }

  /** The law of replica `k`, or null when it did not converge. */
  law(k: number): ScalingLaw | null {
    const t = this.theta(k);
    return t ? lawFromTheta(t) : null;
  }

  /** Indices of the converged replicas, in order. */
  converged(): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.count; k++) if (this.isConverged(k)) out.push(k);
    return out;
  }

  /** Thetas of the converged replicas, in order. */
  thetas(): LawTheta[] {
    return this.converged().map((k) => this.theta(k)!);
  }

  /** Laws of the converged replicas, in order. */
  laws(): ScalingLaw[] {
    return this.thetas().map(lawFromTheta);
  }

  /** One column over all K replicas (NaN for those that did not converge). */
  column(name: ReplicaColumn): Float64Array {
    const j = COLUMN_INDEX[name];
    return Float64Array.from({ length: this.count }, (_, k) => this.rows[k * WIDTH + j]!);
  }

  private check(k: number): void {
    if (!(Number.isInteger(k) && k >= 0 && k < this.count))
      throw new RangeError(`replica ${k} is outside the table of ${this.count} replicas`);
  }
}

/** The laws of the converged rows of a replica table. */
export function replicaLaws(replicas: Float64Array): ScalingLaw[] {
  return new ReplicaTable(replicas).laws();
}

/**
 * The replica laws of `reference` paired by bootstrap index with the converged replicas of
 * `x`: for each converged row k of `x`, in the order {@link replicaLaws} lists them, the law of
 * row k of `reference`, or null where that row did not converge or `reference` has no row k.
 * Pairing by index, not by position among the converged rows, keeps replica k of one series
 * with replica k of the other when either has rows that did not converge.
 */
export function pairedReplicaLaws(x: Float64Array, reference: Float64Array): (ScalingLaw | null)[] {
  const ref = new ReplicaTable(reference);
  return new ReplicaTable(x).converged().map((k) => (k < ref.count ? ref.law(k) : null));
}
