/**
 * What the Frontier view's hover readout lists at one budget C: every drawn curve (the active
 * law, the bootstrap median with its band, each fitted series' point law, the preset overlays,
 * the Kaplan and 20 tokens per parameter rules) with its N_opt, D_opt, tokens per parameter and
 * loss. The optima come from
 * the law modules (solveOptimum, the band interpolation, the rules); this only gathers them.
 */
import type { ScenarioBands } from '../law/bands';
import { bandsAt, quantityOf } from '../law/frontier-curves';
import type { ScalingLaw } from '../law/law';
import { solveOptimum } from '../law/optimum';
import { PRESETS } from '../law/presets';
import { fixedRatioRule, kaplanRule } from '../law/references';
import type { Scenario } from '../law/scenario';
import type { HoverRow } from './frontier-controls';
import { ACTIVE, MEDIAN } from './frontier-plot';

/** The curves drawn, and where the readout is. */
export interface HoverRowsInput {
  readonly C: number;
  readonly law: ScalingLaw;
  readonly lawLabel: string;
  /** The scenario of budget C under the view's constraints and a law's extras. */
  scenarioAt(C: number, extras?: Readonly<Record<string, number>>): Scenario;
  /** The fitted series drawn, with their colours and point laws. */
  readonly series?: readonly {
    readonly name: string;
    readonly colour: string;
    readonly law: ScalingLaw;
  }[];
  /** The preset overlays drawn, by id, with their colours. */
  readonly overlays: readonly { readonly id: string; readonly colour: string }[];
  /** The budgets the bands were solved at, and the bands (absent without a fit). */
  readonly budgets: readonly number[];
  readonly bands: readonly ScenarioBands[] | undefined;
  /** The Kaplan rule's anchor when the rule is drawn. */
  readonly anchor: { readonly C: number; readonly N: number; readonly D: number } | undefined;
  readonly showRatio: boolean;
}

/** One row per drawn curve at budget C, in legend order. */
export function frontierHoverRows(h: HoverRowsInput): HoverRow[] {
  const unsolved = { N: Number.NaN, D: Number.NaN, tokensPerParam: Number.NaN, loss: Number.NaN };
  const solved = (
    label: string,
    colour: string,
    law: ScalingLaw,
    extras?: Readonly<Record<string, number>>,
  ): HoverRow => {
    const o = solveOptimum(law, h.scenarioAt(h.C, extras));
    return o.ok
      ? { label, colour, N: o.N, D: o.D, tokensPerParam: o.tokensPerParam, loss: o.loss }
      : { label, colour, ...unsolved, reason: o.reason };
  };
  const rule = (label: string, colour: string, r: { N: number; D: number }): HoverRow => ({
    label,
    colour,
    N: r.N,
    D: r.D,
    tokensPerParam: quantityOf('tokensPerParam', r.N, r.D, Number.NaN),
    loss: Number.NaN,
  });
  const rows = [solved(h.lawLabel, ACTIVE, h.law)];
  const band = h.bands ? bandsAt(h.budgets, h.bands, h.C) : null;
  if (band) {
    rows.push({
      label: 'bootstrap median',
      colour: MEDIAN,
      N: band.N?.p50 ?? Number.NaN,
      D: band.D?.p50 ?? Number.NaN,
      tokensPerParam: band.tokensPerParam?.p50 ?? Number.NaN,
      loss: band.loss?.p50 ?? Number.NaN,
      band,
    });
  }
  for (const s of h.series ?? []) rows.push(solved(s.name, s.colour, s.law));
  for (const o of h.overlays) {
    const p = PRESETS.find((x) => x.id === o.id);
    if (p) rows.push(solved(p.name, o.colour, p.law, p.extras));
  }
  if (h.anchor) rows.push(rule('Kaplan 2020 rule', '#b8860b', kaplanRule(h.anchor, h.C)));
  if (h.showRatio) rows.push(rule('20 tokens/param', '#888', fixedRatioRule(h.C)));
  return rows;
}
