/**
 * The sweep designer's inputs as a user types them, shared by the CLI, the link and the Design
 * view: the target (`nopt@1e24`, `dopt@1e24`, `a`, `loss@N,D`), the candidate region
 * (`N=LO:HI,D=LO:HI` or `C=LO:HI[,N=LO:HI][,k=ROWS]`, or the default), and the grid a region
 * resolves to at a fit. Parsers throw an Error whose message names `label` (a flag or a field).
 */
import {
  type CandidateGrid,
  type DesignModel,
  type DesignTarget,
  defaultCandidateGrid,
  MAX_CANDIDATE_SIDE,
  targetValue,
  validateTarget,
} from './design';
import type { FitRun } from './types';

/** A closed range [lo, hi] of positive numbers. */
export type Span = readonly [lo: number, hi: number];

/**
 * The candidate region: N x D ranges, or budgets x sizes (budgets C in a range, as many rows as
 * `rows`, sizes N in a range or around the fit's N_opt), or null for the default (N and D from
 * the smallest run's to ten times the largest run's).
 */
export type CandidateSpec =
  | { readonly kind: 'nd'; readonly N: Span; readonly D: Span }
  | {
      readonly kind: 'budgets-sizes';
      readonly C: Span;
      readonly N?: Span;
      /** Budgets (rows); default the grid size. */
      readonly rows?: number;
    };

function positive(what: string, text: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !(v > 0) || !Number.isFinite(v))
    throw new Error(`${what} needs a finite positive number, got ${text}`);
  return v;
}

function wholeRows(label: string, text: string): number {
  const v = Number(text);
  if (!/^\d+$/.test(text) || v < 1 || v > MAX_CANDIDATE_SIDE)
    throw new Error(`${label} k needs a whole number from 1 to ${MAX_CANDIDATE_SIDE}, got ${text}`);
  return v;
}

/** `nopt@1e24`, `dopt@1e24`, `a` or `loss@N,D`; throws a DesignError for a budget outside (0, inf). */
export function parseDesignTarget(text: string, label = '--target'): DesignTarget {
  const [kind, at] = text.split('@', 2) as [string, string | undefined];
  let target: DesignTarget;
  if ((kind === 'nopt' || kind === 'dopt') && at !== undefined) {
    target = { kind, budget: at.trim() === '' ? Number.NaN : Number(at) };
  } else if (kind === 'a' && at === undefined) {
    target = { kind: 'exponent' };
  } else if (kind === 'loss' && at !== undefined && at.split(',').length === 2) {
    const [N, D] = at.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
    target = { kind: 'loss', N: N!, D: D! };
  } else {
    throw new Error(`${label} needs nopt@C, dopt@C, a or loss@N,D (e.g. nopt@1e24), got ${text}`);
  }
  validateTarget(target);
  return target;
}

/** The text form of a target, as {@link parseDesignTarget} reads it. */
export function formatDesignTarget(target: DesignTarget): string {
  switch (target.kind) {
    case 'nopt':
    case 'dopt':
      return `${target.kind}@${target.budget.toExponential()}`.replace('e+', 'e');
    case 'exponent':
      return 'a';
    case 'loss':
      return `loss@${[target.N, target.D].map((v) => v.toExponential().replace('e+', 'e')).join(',')}`;
  }
}

function span(label: string, key: string, text: string): Span {
  const parts = text.split(':');
  if (parts.length !== 2) throw new Error(`${label}: ${key} needs LO:HI, got ${key}=${text}`);
  const lo = positive(`${label} ${key}`, parts[0]!);
  const hi = positive(`${label} ${key}`, parts[1]!);
  if (hi < lo) throw new Error(`${label}: ${key}=${text} has its maximum below its minimum`);
  return [lo, hi];
}

/** `N=1e8:1e11,D=1e9:1e12` or `C=1e20:1e22[,N=LO:HI][,k=16]`. */
export function parseCandidates(text: string, label = '--candidates'): CandidateSpec {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const [key, value] = part.split('=', 2).map((s) => s.trim());
    if (!key || value === undefined || !['N', 'D', 'C', 'k'].includes(key))
      throw new Error(`${label} needs N=LO:HI,D=LO:HI or C=LO:HI[,N=LO:HI][,k=ROWS], got ${text}`);
    if (fields.has(key)) throw new Error(`${label}: ${key} given twice`);
    fields.set(key, value);
  }
  if (fields.has('C')) {
    if (fields.has('D')) throw new Error(`${label}: give D=LO:HI or C=LO:HI, not both`);
    const k = fields.get('k');
    return {
      kind: 'budgets-sizes',
      C: span(label, 'C', fields.get('C')!),
      ...(fields.has('N') ? { N: span(label, 'N', fields.get('N')!) } : {}),
      ...(k === undefined ? {} : { rows: wholeRows(label, k) }),
    };
  }
  if (!fields.has('N') || !fields.has('D') || fields.has('k'))
    throw new Error(
      `${label} needs both N=LO:HI and D=LO:HI (or C=LO:HI with k=ROWS), got ${text}`,
    );
  return {
    kind: 'nd',
    N: span(label, 'N', fields.get('N')!),
    D: span(label, 'D', fields.get('D')!),
  };
}

const num = (v: number) => v.toExponential().replace('e+', 'e');
const spanText = (key: string, s: Span) => `${key}=${num(s[0])}:${num(s[1])}`;

/** The text form of a region, as {@link parseCandidates} reads it. */
export function formatCandidates(spec: CandidateSpec): string {
  if (spec.kind === 'nd') return `${spanText('N', spec.N)},${spanText('D', spec.D)}`;
  return [
    spanText('C', spec.C),
    ...(spec.N ? [spanText('N', spec.N)] : []),
    ...(spec.rows === undefined ? [] : [`k=${spec.rows}`]),
  ].join(',');
}

/**
 * The candidate grid of a region at the fit: `side` x `side` cells (budgets x sizes: `rows`
 * budgets, default `side`; sizes default N_opt(C) / 8 to 8 N_opt(C) under the fit), or the
 * default region of the runs.
 */
export function resolveCandidateGrid(
  spec: CandidateSpec | null,
  side: number,
  runs: readonly FitRun[],
  model: DesignModel,
): CandidateGrid {
  if (spec === null) return defaultCandidateGrid(runs, side);
  if (spec.kind === 'nd')
    return {
      kind: 'nd',
      width: side,
      height: side,
      nMin: spec.N[0],
      nMax: spec.N[1],
      yMin: spec.D[0],
      yMax: spec.D[1],
    };
  const nopt = (C: number) => Math.exp(targetValue(model.theta, { kind: 'nopt', budget: C }));
  const [nMin, nMax] = spec.N ?? [nopt(spec.C[0]) / 8, nopt(spec.C[1]) * 8];
  return {
    kind: 'budgets-sizes',
    width: side,
    height: spec.rows ?? side,
    nMin,
    nMax,
    yMin: spec.C[0],
    yMax: spec.C[1],
  };
}
