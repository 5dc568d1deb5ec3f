/**
 * The link's fields of the Design view: the target (`nopt@1e24`, as the CLI's --target), the
 * budget for new runs, the candidate region (as --candidates), the grid and plan sizes, the
 * simulation check's sizes, and the designer's last plan as N:D pairs (four significant digits;
 * the plan CSV has them exactly). Each is left out at its default.
 */
import { MAX_CANDIDATE_SIDE } from '../fit/design';
import { MAX_CHECK_REPLICAS } from '../fit/design-check';
import {
  formatCandidates,
  formatDesignTarget,
  parseCandidates,
  parseDesignTarget,
} from '../fit/design-spec';
import {
  candidateSpecIssue,
  DEFAULT_DESIGN,
  type DesignState,
  MAX_CHECK_BOOTSTRAP,
  MAX_PLAN_RUNS,
  type PlannedPoint,
} from './design-state';
import { MAX_QUANTITY } from './sweep-fields';
import type { Draft, FieldCodec } from './url-field-kit';
import { number, take } from './url-field-kit';
import { formatUrlNumber as num, quoteValue, readInteger, readNumber } from './url-values';

function setDesign(d: Draft, patch: Partial<DesignState>): void {
  d.state.design = { ...d.state.design, ...patch };
}

/** A whole-number field of the design slice, left out at its default. */
function wholeField(
  name: string,
  key: 'side' | 'classicK' | 'maxRuns' | 'checkReplicas' | 'checkBootstrap',
  min: number,
  max: number,
): FieldCodec {
  return {
    name,
    write: (s) => (s.design[key] === DEFAULT_DESIGN[key] ? undefined : String(s.design[key])),
    read: (text, d) => take(readInteger(text, min, max), (v) => setDesign(d, { [key]: v })),
  };
}

/** Four significant digits, as the link's plan carries them. */
function rounded(x: number): string {
  return num(Number(x.toPrecision(4)));
}

/** `N:D,N:D,…` into planned points; a refusal names the pair at fault. */
export function readPlan(text: string): PlannedPoint[] | string {
  const pairs = text.split(',');
  if (pairs.length > MAX_PLAN_RUNS) return `at most ${MAX_PLAN_RUNS} runs, got ${pairs.length}`;
  const out: PlannedPoint[] = [];
  for (const [i, pair] of pairs.entries()) {
    const parts = pair.split(':');
    if (parts.length !== 2) return `run ${i + 1} must be N:D, got ${quoteValue(pair)}`;
    const [N, D] = parts.map(readNumber);
    if (!N!.ok || !D!.ok || !(N!.value > 0 && D!.value > 0))
      return `run ${i + 1} needs positive N and D, got ${quoteValue(pair)}`;
    if (N!.value > MAX_QUANTITY || D!.value > MAX_QUANTITY)
      return `run ${i + 1} is beyond ${MAX_QUANTITY.toExponential(0)}`;
    out.push({ N: N!.value, D: D!.value });
  }
  return out;
}

/** The Design view's fields. */
export const designFields: readonly FieldCodec[] = [
  {
    name: 'dtgt',
    write: (s) => {
      const text = formatDesignTarget(s.design.target);
      return text === formatDesignTarget(DEFAULT_DESIGN.target) ? undefined : text;
    },
    read: (text, d) => {
      try {
        setDesign(d, { target: parseDesignTarget(text, 'the target') });
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    },
  },
  number(
    'dbud',
    (s) => (s.design.budgetFlops === DEFAULT_DESIGN.budgetFlops ? undefined : s.design.budgetFlops),
    (d, budgetFlops) => setDesign(d, { budgetFlops }),
    (v) =>
      v > 0 && v <= MAX_QUANTITY
        ? null
        : `must be a positive number of FLOPs up to ${MAX_QUANTITY.toExponential(0)}, got ${num(v)}`,
  ),
  {
    name: 'dreg',
    write: (s) =>
      s.design.candidates === null ? undefined : formatCandidates(s.design.candidates),
    read: (text, d) => {
      try {
        const spec = parseCandidates(text, 'the region');
        const issue = candidateSpecIssue(spec);
        if (issue) return issue;
        setDesign(d, { candidates: spec });
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    },
  },
  wholeField('dside', 'side', 1, MAX_CANDIDATE_SIDE),
  wholeField('dck', 'classicK', 1, 64),
  wholeField('dmax', 'maxRuns', 1, MAX_PLAN_RUNS),
  wholeField('dsim', 'checkReplicas', 1, MAX_CHECK_REPLICAS),
  wholeField('dsk', 'checkBootstrap', 10, MAX_CHECK_BOOTSTRAP),
  {
    name: 'dplan',
    write: (s) =>
      s.design.plan.length === 0
        ? undefined
        : s.design.plan.map((p) => `${rounded(p.N)}:${rounded(p.D)}`).join(','),
    read: (text, d) => {
      const plan = readPlan(text);
      if (typeof plan === 'string') return plan;
      setDesign(d, { plan });
      return null;
    },
  },
];
