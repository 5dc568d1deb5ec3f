/**
 * Host side of shaders/optimum.wgsl: folds laws and scenarios into the kernel's records in f64
 * (pure functions, no GPU), including the cells of a sweep (axes: src/law/sweep.ts). Everything that depends on the scenario alone
 * (logs, the inference-budget bracket, validation) is done here once per scenario; everything
 * that depends on the law alone (ln A, ln B, ln G, the frontier exponent) once per law; only the
 * law-dependent check "target loss at or below E" runs in the kernel.
 */
import { INFERENCE_BRACKET_WIDTH, NMAX_EPSILON } from '../law/data-constrained-inference';
import type { ScalingLaw } from '../law/law';
import {
  OptimumStatus,
  type ResolvedScenario,
  resolveScenario,
  type Scenario,
  type ScenarioKind,
  scenarioIssue,
} from '../law/scenario';
import { axisValue, checkAxis, type SweepAxis, sweepCell } from '../law/sweep';
import { validateLaw } from '../law/validate';
import { defineStruct, type StructLayout } from './struct';

/** Layout of LawRecord in optimum.wgsl (storage array, stride 4 bytes a field). */
export const OPTIMUM_LAW = defineStruct('LawRecord', [
  ['status', 'u32'],
  ['E', 'f32'],
  ['lnA', 'f32'],
  ['lnB', 'f32'],
  ['alpha', 'f32'],
  ['beta', 'f32'],
  ['lnG', 'f32'],
  ['expN', 'f32'],
  ['betaOverAlpha', 'f32'],
] as const);

/** Layout of ScenarioRecord in optimum.wgsl (storage array, stride 4 bytes a field). */
export const OPTIMUM_SCENARIO = defineStruct('ScenarioRecord', [
  ['kind', 'u32'],
  ['status', 'u32'],
  ['lnCk', 'f32'],
  ['lnQ', 'f32'],
  ['lnU', 'f32'],
  ['lnN', 'f32'],
  ['lnNmax', 'f32'],
  ['targetLoss', 'f32'],
  ['lnW', 'f32'],
  ['lo', 'f32'],
  ['hi', 'f32'],
  ['rStarD', 'f32'],
  ['rStarN', 'f32'],
] as const);

/** Layout of OptimumParams in optimum.wgsl (uniform). */
export const OPTIMUM_PARAMS = defineStruct('OptimumParams', [
  ['lawStart', 'u32'],
  ['lawCount', 'u32'],
  ['scenarioCount', 'u32'],
  ['groupsX', 'u32'],
] as const);

/** Bytes a record takes in a storage array (4 per scalar field, no padding). */
export function recordStride(layout: StructLayout<string>): number {
  return layout.fields.length * 4;
}

/** Kind codes of ScenarioRecord.kind. */
export const KIND_CODES = {
  compute: 0,
  'data-constrained': 1,
  'inference-target': 2,
  'inference-budget': 3,
  'target-loss': 4,
  'fixed-model': 5,
  'data-constrained-inference': 6,
} as const satisfies Record<ScenarioKind, number>;

/**
 * Flag in ScenarioRecord.status: the kernel must check the target loss against E before
 * reporting the host's status (the CPU checks the target before a stray D_inf on 'target-loss').
 */
export const TARGET_FIRST = 0x100;

/** Marker line in optimum.wgsl replaced by {@link optimumConstantsWgsl}. */
export const OPTIMUM_CONSTANTS_MARKER = '// @generated-constants';

/** `KIND_DATA_CONSTRAINED` from 'data-constrained', `STATUS_BUDGET_TOO_SMALL` from 'budgetTooSmall'. */
export function wgslConstantName(prefix: string, name: string): string {
  return `${prefix}_${name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase()}`;
}

/**
 * The WGSL constants of optimum.wgsl, generated from the TypeScript source of truth: one
 * `const KIND_...: u32` per {@link KIND_CODES} entry, one `const STATUS_...: u32` per
 * OptimumStatus code, and TARGET_FIRST.
 */
export function optimumConstantsWgsl(): string {
  const line = (name: string, v: number) => `const ${name}: u32 = ${v}u;`;
  return [
    ...Object.entries(KIND_CODES).map(([k, v]) => line(wgslConstantName('KIND', k), v)),
    ...Object.entries(OptimumStatus).map(([k, v]) => line(wgslConstantName('STATUS', k), v)),
    line('TARGET_FIRST', TARGET_FIRST),
  ].join('\n');
}

/** ln D below which "no inference demand" is encoded (e^-1e30 is 0 in f32). */
const NO_DEMAND = -1e30;

/** A law that passes every check, with E below any finite target: isolates scenario checks. */
const PROBE_LAW: ScalingLaw = { E: Number.MIN_VALUE, A: 1, B: 1, alpha: 1, beta: 1 };

/** Writes the LawRecords of `laws` into a fresh buffer. */
export function packLaws(laws: readonly ScalingLaw[]): ArrayBuffer {
  const stride = OPTIMUM_LAW.fields.length;
  const buf = new ArrayBuffer(Math.max(1, laws.length) * stride * 4);
  const f = new Float32Array(buf);
  const u = new Uint32Array(buf);
  for (const [i, law] of laws.entries()) {
    const o = i * stride;
    if (validateLaw(law).length > 0) {
      u[o] = OptimumStatus.badLaw;
      continue;
    }
    const { E, A, B, alpha, beta } = law;
    const lnA = Math.log(A);
    const lnB = Math.log(B);
    f.set(
      [
        E,
        lnA,
        lnB,
        alpha,
        beta,
        (Math.log(alpha) + lnA - Math.log(beta) - lnB) / (alpha + beta),
        beta / (alpha + beta),
        beta / alpha,
      ],
      o + 1,
    );
  }
  return buf;
}

/** The host status of a scenario (law-independent checks), with TARGET_FIRST where needed. */
export function hostStatus(s: Scenario): number {
  const issue = scenarioIssue(PROBE_LAW, s);
  if (!issue) return OptimumStatus.ok;
  const strayDemand =
    s.kind === 'target-loss' &&
    s.Dinf !== undefined &&
    scenarioIssue(PROBE_LAW, { ...s, Dinf: undefined }) === null;
  return strayDemand ? issue.status | TARGET_FIRST : issue.status;
}

/** Writes scenario `s` as ScenarioRecord `index` of the views, with its host status. */
export function packScenario(f: Float32Array, u: Uint32Array, index: number, s: Scenario): void {
  const o = index * OPTIMUM_SCENARIO.fields.length;
  const status = hostStatus(s);
  if ((status & ~TARGET_FIRST) !== 0 && (status & TARGET_FIRST) === 0) {
    f.fill(0, o, o + OPTIMUM_SCENARIO.fields.length);
    u[o + 1] = status;
    return;
  }
  packResolved(f, u, o, resolveScenario(s), status);
}

/** Writes a resolved scenario that passed the host checks as the record at word `o`. */
function packResolved(
  f: Float32Array,
  u: Uint32Array,
  o: number,
  r: ResolvedScenario,
  status: number,
): void {
  f.fill(0, o, o + OPTIMUM_SCENARIO.fields.length);
  u[o + 1] = status;
  const C = r.C ?? 1;
  let kind: number = KIND_CODES[r.kind];
  f[o + 2] = Math.log(C / r.k);
  f[o + 3] = Math.log(r.q);
  f[o + 8] = NO_DEMAND;
  switch (r.kind) {
    case 'data-constrained':
      f[o + 4] = Math.log(r.U!);
      f[o + 11] = r.RStarD;
      f[o + 12] = r.RStarN;
      break;
    case 'fixed-model':
      f[o + 5] = Math.log(r.N!);
      break;
    case 'inference-target':
    case 'target-loss':
      f[o + 7] = r.targetLoss!;
      if (r.kind === 'inference-target' && r.Dinf > 0) f[o + 8] = Math.log((2 * r.Dinf) / r.k);
      break;
    case 'data-constrained-inference': {
      f[o + 4] = Math.log(r.U!);
      f[o + 11] = r.RStarD;
      f[o + 12] = r.RStarN;
      if (r.Dinf === 0) {
        kind = KIND_CODES['data-constrained'];
        break;
      }
      // The kernel bisects on t = ln N_max - ln N, whose small values near N_max keep their
      // precision in f32: lo and hi are the f64 bracket in t (the kernel narrows it to the
      // kind-a optimum +-14, which depends on the law).
      const lnNmax = Math.log(C / (2 * r.Dinf));
      f[o + 6] = lnNmax;
      f[o + 9] = INFERENCE_BRACKET_WIDTH;
      f[o + 10] = lnNmax - Math.min(lnNmax - NMAX_EPSILON, Math.log(C / (r.k + 2 * r.Dinf)));
      break;
    }
    case 'inference-budget': {
      if (r.Dinf === 0) {
        kind = KIND_CODES.compute;
        break;
      }
      const lnNmax = Math.log(C / (2 * r.Dinf));
      const lo = Math.max(lnNmax - 30, 0);
      const hi = Math.min(lnNmax - 1e-9, Math.log(C / (r.k + 2 * r.Dinf)));
      f[o + 6] = lnNmax;
      f[o + 9] = lo;
      f[o + 10] = hi;
      if (!(lo <= hi)) u[o + 1] = OptimumStatus.inferenceTooSmall;
      break;
    }
  }
  u[o] = kind;
}

/** Writes the ScenarioRecords of `scenarios` into a fresh buffer. */
export function packScenarios(scenarios: readonly Scenario[]): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(1, scenarios.length) * recordStride(OPTIMUM_SCENARIO));
  const f = new Float32Array(buf);
  const u = new Uint32Array(buf);
  for (const [i, s] of scenarios.entries()) packScenario(f, u, i, s);
  return buf;
}

/**
 * ScenarioRecords of every cell of an x.count-by-y.count sweep, row-major (row = y index).
 * The checks are convex in each axis value (positive, non-negative, finite), so when the four
 * corner cells pass, every cell passes: then one resolved scenario is updated in place per cell
 * (~0.1 us a cell) instead of being built and checked (~3 us).
 */
export function packSweep(base: Scenario, x: SweepAxis, y: SweepAxis): ArrayBuffer {
  checkAxis(x, 'x');
  checkAxis(y, 'y');
  const buf = new ArrayBuffer(x.count * y.count * recordStride(OPTIMUM_SCENARIO));
  const f = new Float32Array(buf);
  const u = new Uint32Array(buf);
  const stride = OPTIMUM_SCENARIO.fields.length;
  const corners = [0, x.count - 1].flatMap((c) => [0, y.count - 1].map((r) => [c, r] as const));
  const valid = corners.every(([c, r]) => hostStatus(sweepCell(base, x, y, c, r)) === 0);
  if (!valid) {
    for (let row = 0; row < y.count; row++) {
      for (let col = 0; col < x.count; col++) {
        packScenario(f, u, row * x.count + col, sweepCell(base, x, y, col, row));
      }
    }
    return buf;
  }
  const xs = Array.from({ length: x.count }, (_, i) => axisValue(x, i));
  const ys = Array.from({ length: y.count }, (_, i) => axisValue(y, i));
  const cell: { -readonly [K in keyof ResolvedScenario]: ResolvedScenario[K] } =
    resolveScenario(base);
  const baseC = cell.C;
  for (let row = 0; row < y.count; row++) {
    for (let col = 0; col < x.count; col++) {
      // As sweepCell: x then y set their fields, MFU scales the resulting C.
      cell.C = baseC;
      let mfu = 1;
      if (x.field === 'mfu') mfu *= xs[col]!;
      else cell[x.field] = xs[col]!;
      if (y.field === 'mfu') mfu *= ys[row]!;
      else cell[y.field] = ys[row]!;
      if (mfu !== 1 && cell.C !== undefined) cell.C *= mfu;
      packResolved(f, u, (row * x.count + col) * stride, cell, 0);
    }
  }
  return buf;
}
