/**
 * A typed reader over the packed optimum table that both engines return: for L laws and S
 * scenarios (or sweep cells), L x S f32 quadruples (N, D, loss, status), law-major, so pair
 * (law, scenario) sits at law * S + scenario. This module and the packing code (src/law/optima.ts,
 * src/gpu) are the only places that know the layout.
 */
import { type OptimumPair, PAIR_STRIDE, readPair } from './optima';
import { OptimumStatus } from './scenario';

export type { OptimumPair } from './optima';

/** The optima of `laws` laws with `scenarios` scenarios each, read from a packed result. */
export class OptimumTable {
  /**
   * Wraps `data` (not copied). Throws a RangeError naming both sizes when `data` is shorter
   * than `laws` x `scenarios` pairs.
   */
  constructor(
    readonly data: Float32Array,
    readonly laws: number,
    readonly scenarios: number,
  ) {
    const want = OptimumTable.size(laws, scenarios);
    if (!(Number.isInteger(laws) && Number.isInteger(scenarios) && laws >= 0 && scenarios >= 0))
      throw new RangeError(`optimum table needs whole counts, got ${laws} x ${scenarios}`);
    if (data.length < want)
      throw new RangeError(
        `optimum table has ${data.length} values, expected ${want} (${laws} laws x ${scenarios} scenarios x ${PAIR_STRIDE})`,
      );
  }

  /** How many f32 values a table of `laws` x `scenarios` pairs holds. */
  static size(laws: number, scenarios: number): number {
    return laws * scenarios * PAIR_STRIDE;
  }

  /** An empty table of `laws` x `scenarios` pairs (zeros), to fill with {@link setScenarios}. */
  static empty(laws: number, scenarios: number): OptimumTable {
    return new OptimumTable(new Float32Array(OptimumTable.size(laws, scenarios)), laws, scenarios);
  }

  /** The pair of law `law` with scenario `scenario`. */
  at(law: number, scenario: number): OptimumPair {
    return readPair(this.data, this.index(law, scenario));
  }

  /** Status of a pair (OptimumStatus; 0 is solved). */
  status(law: number, scenario: number): number {
    return this.data[this.index(law, scenario) * PAIR_STRIDE + 3]!;
  }

  /** N of a pair (0 unless solved); reads one value, for loops over many cells. */
  N(law: number, scenario: number): number {
    return this.data[this.index(law, scenario) * PAIR_STRIDE]!;
  }

  /** D of a pair (0 unless solved). */
  D(law: number, scenario: number): number {
    return this.data[this.index(law, scenario) * PAIR_STRIDE + 1]!;
  }

  /** Loss of a pair (0 unless solved). */
  loss(law: number, scenario: number): number {
    return this.data[this.index(law, scenario) * PAIR_STRIDE + 2]!;
  }

  /** Whether a pair solved. */
  ok(law: number, scenario: number): boolean {
    return this.status(law, scenario) === OptimumStatus.ok;
  }

  /** The solved pairs of one scenario across the laws (a column), in law order. */
  solvedAcrossLaws(scenario: number): OptimumPair[] {
    const out: OptimumPair[] = [];
    for (let l = 0; l < this.laws; l++) {
      const p = this.at(l, scenario);
      if (p.status === OptimumStatus.ok) out.push(p);
    }
    return out;
  }

  /** All scenarios of one law (a row), as a table of one law that shares this one's data. */
  law(law: number): OptimumTable {
    this.index(law, 0, true);
    const S = this.scenarios;
    return new OptimumTable(
      this.data.subarray(law * S * PAIR_STRIDE, (law + 1) * S * PAIR_STRIDE),
      1,
      S,
    );
  }

  /**
   * Copies the scenarios of `part` (a table with as many laws as this one) into each law's
   * scenarios from `first` on: how a sweep run in bands of rows is assembled.
   */
  setScenarios(part: OptimumTable, first: number): void {
    if (part.laws !== this.laws || first < 0 || first + part.scenarios > this.scenarios)
      throw new RangeError(
        `cannot place ${part.laws} x ${part.scenarios} pairs at scenario ${first} of a ${this.laws} x ${this.scenarios} table`,
      );
    for (let l = 0; l < this.laws; l++)
      this.data.set(part.law(l).data, (l * this.scenarios + first) * PAIR_STRIDE);
  }

  private index(law: number, scenario: number, lawOnly = false): number {
    if (
      !(law >= 0 && law < this.laws) ||
      (!lawOnly && !(scenario >= 0 && scenario < this.scenarios))
    )
      throw new RangeError(
        `pair (${law}, ${scenario}) is outside the ${this.laws} x ${this.scenarios} optimum table`,
      );
    return law * this.scenarios + scenario;
  }
}
