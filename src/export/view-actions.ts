/**
 * Ready-made export menus for the Frontier and Sweep views, so wiring them is one binding:
 *
 *   <export-menu label="Export the frontier" .actions=${frontierExportActions(this.renderRoot, …)}>
 *
 * Each takes the view's render root (looked up at click time) and functions that return the
 * data the view already holds.
 */
import type { Scenario } from '../law/scenario';
import { csvAction, figureActions } from './actions';
import { metadataNumber } from './csv-metadata';
import type { FigureSpec } from './figure';
import { type FrontierTableInput, frontierCsv, type SweepTableInput, sweepCsv } from './grids';
import type { ExportAction } from './types';

function find(root: ParentNode, selector: string): Element {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`the chart is not on screen (${selector} not found)`);
  return el;
}

/** Where the Frontier view's figure lives: its HTML legend and the four panels with titles. */
export const FRONTIER_FIGURE = {
  legend: '[data-testid="frontier-legend"]',
  panels: '.panels',
} as const;

/** The Frontier view's figure: legend (ticked entries only) above the four titled panels. */
export function frontierFigure(root: ParentNode, title?: string): FigureSpec {
  return {
    roots: [find(root, FRONTIER_FIGURE.legend), find(root, FRONTIER_FIGURE.panels)],
    textSelector: `.chart-title, ${FRONTIER_FIGURE.legend}`,
    ...(title ? { title } : {}),
  };
}

/**
 * The Frontier figure's title, from the scenario its curves are solved with, so that a capped
 * frontier is never titled compute-optimal: "Compute-optimal frontier: <law>",
 * "Data-constrained frontier (U = 1e12 unique tokens): <law>", and so on; a data quality other
 * than 1 is named. `count` writes token counts (the view passes its compact "1T" form).
 */
export function frontierFigureTitle(
  scenario: Scenario,
  lawLabel: string,
  count: (x: number) => string = metadataNumber,
): string {
  const U = scenario.U === undefined ? '' : `U = ${count(scenario.U)} unique tokens`;
  const Dinf =
    scenario.Dinf === undefined ? '' : `D_inf = ${count(scenario.Dinf)} inference tokens`;
  const what: Record<string, string> = {
    compute: 'Compute-optimal frontier',
    'data-constrained': `Data-constrained frontier (${U})`,
    'inference-budget': `Inference-aware frontier (${Dinf})`,
    'data-constrained-inference': `Data-constrained, inference-aware frontier (${U}, ${Dinf})`,
  };
  const quality =
    scenario.q === undefined || scenario.q === 1 ? '' : ` at data quality q = ${scenario.q}`;
  return `${what[scenario.kind] ?? `Frontier (${scenario.kind})`}${quality}: ${lawLabel}`;
}

/**
 * The Frontier view's exports: the panels with their legend as SVG and PNG 2x, the frontier
 * over every budget of the panels (with bootstrap bands when there are some) as CSV, and the
 * readout table's budgets as a second CSV.
 */
export function frontierExportActions(
  root: ParentNode,
  frontier: () => FrontierTableInput,
  readout: () => FrontierTableInput,
  title?: () => string,
): ExportAction[] {
  return [
    ...figureActions('frontier', () => frontierFigure(root, title?.()), 'the frontier panels'),
    csvAction('frontier', () => frontierCsv(frontier()), {
      description:
        'Download the frontier as CSV: N, D, tokens per parameter and loss per budget, with band quantiles',
    }),
    csvAction('frontier-readout', () => frontierCsv(readout()), {
      id: 'csv-readout',
      label: 'Readout CSV',
      description: 'Download the readout table (its budgets, with 95% intervals) as CSV',
    }),
  ];
}

/** The Sweep view's figure: heatmap canvas, overlay with axes and contours, colour legend. */
export function sweepFigure(root: ParentNode, title?: string): FigureSpec {
  return { roots: [find(root, '.figure')], ...(title ? { title } : {}) };
}

/**
 * The Sweep view's exports: the heatmap with axes and legend as SVG and PNG 2x, and every
 * cell (axis values, optimum, output, status and reason) as CSV. `table` returns undefined
 * before a run, and the CSV button then says so.
 */
export function sweepExportActions(
  root: ParentNode,
  table: () => SweepTableInput | undefined,
  title?: () => string,
): ExportAction[] {
  const result = () => {
    const t = table();
    if (!t) throw new Error('no sweep result yet: press Run first');
    return t;
  };
  return [
    // Before a run the plot holds only its placeholder: refuse, as the CSV does, rather than
    // export an empty frame.
    ...figureActions(
      'sweep',
      () => {
        result();
        return sweepFigure(root, title?.());
      },
      'the sweep heatmap',
    ),
    csvAction('sweep', () => sweepCsv(result()), {
      description: 'Download every cell of the sweep as CSV',
    }),
  ];
}
