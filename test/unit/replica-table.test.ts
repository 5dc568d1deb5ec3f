import { describe, expect, it } from 'vitest';
import {
  packReplicas,
  REPLICA_COLUMNS,
  ReplicaTable,
  replicaLaws,
} from '../../src/fit/replica-table';
import { correlationAt } from '../../src/fit/summary';
import { lawFromTheta, thetaFromLaw } from '../../src/law/law';
import { findPreset } from '../../src/law/presets';

const t1 = thetaFromLaw(findPreset('hoffmann2022')!.law);
const t2 = thetaFromLaw(findPreset('besiroglu2024')!.law);

describe('ReplicaTable', () => {
  const rows = packReplicas([t1, null, t2]);
  const table = new ReplicaTable(rows);

  it('packs thetas as rows a, b, e, alpha, beta with a NaN row for a failed replica', () => {
    expect(REPLICA_COLUMNS).toEqual(['a', 'b', 'e', 'alpha', 'beta']);
    expect(Array.from(rows.subarray(0, 5))).toEqual([t1.a, t1.b, t1.e, t1.alpha, t1.beta]);
    expect(Array.from(rows.subarray(5, 10)).every(Number.isNaN)).toBe(true);
  });

  it('reads count, thetas, laws and convergence per replica', () => {
    expect(table.count).toBe(3);
    expect(table.theta(0)).toEqual(t1);
    expect(table.theta(1)).toBeNull();
    expect(table.law(1)).toBeNull();
    expect(table.law(2)).toEqual(lawFromTheta(t2));
    expect(table.isConverged(1)).toBe(false);
    expect(table.converged()).toEqual([0, 2]);
    expect(table.thetas()).toEqual([t1, t2]);
    expect(table.laws()).toEqual([lawFromTheta(t1), lawFromTheta(t2)]);
    expect(replicaLaws(rows)).toEqual(table.laws());
    expect(table.value(2, 'beta')).toBe(t2.beta);
  });

  it('extracts a column over all replicas, NaN where one failed', () => {
    const alpha = table.column('alpha');
    expect(alpha[0]).toBe(t1.alpha);
    expect(alpha[1]).toBeNaN();
    expect(alpha[2]).toBe(t2.alpha);
  });

  it('treats a row with any NaN as not converged, ignores a partial row, and is empty without a bootstrap', () => {
    const partial = Float64Array.from([t1.a, Number.NaN, t1.e, t1.alpha, t1.beta, 1, 2]);
    const t = new ReplicaTable(partial);
    expect(t.count).toBe(1);
    expect(t.converged()).toEqual([]);
    expect(ReplicaTable.of(undefined).count).toBe(0);
    expect(() => table.theta(3)).toThrow(/replica 3 is outside the table of 3 replicas/);
  });
});

describe('correlationAt', () => {
  it('reads the row-major 5 x 5 matrix and gives NaN outside it', () => {
    const m = Array.from({ length: 25 }, (_, i) => i / 100);
    expect(correlationAt(m, 3, 4)).toBe(0.19);
    expect(correlationAt(m, 4, 3)).toBe(0.23);
    expect(correlationAt(m, 5, 0)).toBeNaN();
    expect(correlationAt([], 0, 0)).toBeNaN();
  });
});
