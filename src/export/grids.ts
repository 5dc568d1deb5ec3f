/**
 * CSV tables of the app's grids: the loss surface, the compute-optimal frontier (with its
 * bootstrap bands) and a two-axis sweep. Each starts with a metadata header of `#` comment
 * lines (tool and version, law and source, scenario and constraints, grid, date;
 * csv-metadata.ts), then the column header. Pure, no DOM: views hand in what they computed.
 */
import type { ScenarioBands } from '../law/bands';
import { columnLog10N, rowLog10D, type SurfaceGrid } from '../law/grid';
import type { ScalingLaw } from '../law/law';
import { optimumReason } from '../law/optima';
import { solveOptimum } from '../law/optimum';
import { OptimumTable } from '../law/optimum-table';
import { OptimumStatus, type Scenario } from '../law/scenario';
import { axisValue, type SweepAxis, type SweepField, sweepCell } from '../law/sweep';
import { CSV_EOL, type CsvValue, csvRecord, shortestF32, significant } from './csv';
import {
  axisMetadata,
  budgetsMetadata,
  type CsvExportContext,
  type CsvMetadataEntry,
  csvMetadataHeader,
  lawMetadata,
  metadataNumber,
  scenarioMetadata,
} from './csv-metadata';

/** Header of the surface CSV. */
export const SURFACE_CSV_HEADER = [
  'N (parameters)',
  'D (training tokens)',
  'loss (nats/token)',
] as const;

/** What the surface CSV's metadata needs beyond the grid: the law the values came from. */
export interface SurfaceCsvContext extends CsvExportContext {
  readonly law: ScalingLaw;
}

/** The metadata lines of a surface export (law, no scenario, the grid). */
function surfaceMetadata(grid: SurfaceGrid, context: SurfaceCsvContext): string {
  const n = (log10: number) => metadataNumber(significant(10 ** log10));
  return csvMetadataHeader(
    [
      ['law', lawMetadata(context.law, context.lawSource)],
      ['scenario', 'none: every cell is the loss of the law at its N and D'],
      [
        'grid',
        `N ${n(grid.log10NMin)} to ${n(grid.log10NMax)} in ${grid.width} log-spaced columns / D ${n(grid.log10DMin)} to ${n(grid.log10DMax)} in ${grid.height} log-spaced rows`,
      ],
    ],
    context.date,
  );
}

/**
 * The surface grid as CSV, in pieces: the metadata header and the column header, then one
 * piece per grid row (all its cells). One record per cell, rows along D then columns along N
 * (the engine's order, index row * width + col), with N and D at 12 significant digits and the
 * f32 loss in its shortest form. `values` is what Engine.surface(law, grid) returned, for
 * `context.law`. Pieces keep a 4096 x 4096 grid (about 650 MB of text, more than one JS string
 * may hold) writable as a Blob.
 */
export function surfaceCsvParts(
  grid: SurfaceGrid,
  values: Float32Array,
  context: SurfaceCsvContext,
): string[] {
  const cells = grid.width * grid.height;
  if (values.length !== cells)
    throw new RangeError(`surface has ${values.length} values, the grid ${cells} cells`);
  const N = Array.from({ length: grid.width }, (_, c) =>
    String(significant(10 ** columnLog10N(grid, c))),
  );
  const parts: string[] = [
    surfaceMetadata(grid, context) + csvRecord(SURFACE_CSV_HEADER) + CSV_EOL,
  ];
  for (let r = 0; r < grid.height; r++) {
    const D = String(significant(10 ** rowLog10D(grid, r)));
    const lines: string[] = [];
    for (let c = 0; c < grid.width; c++) {
      const L = values[r * grid.width + c]!;
      lines.push(`${N[c]},${D},${Number.isFinite(L) ? shortestF32(L) : ''}${CSV_EOL}`);
    }
    parts.push(lines.join(''));
  }
  return parts;
}

/** The surface grid as one CSV string (see {@link surfaceCsvParts}). */
export function surfaceCsv(
  grid: SurfaceGrid,
  values: Float32Array,
  context: SurfaceCsvContext,
): string {
  return surfaceCsvParts(grid, values, context).join('');
}

/**
 * What the frontier CSV needs: the law, the budgets and the scenario of each budget (and, for
 * the metadata, where the law came from).
 */
export interface FrontierTableInput extends CsvExportContext {
  readonly law: ScalingLaw;
  /** Compute budgets C in FLOPs. */
  readonly budgets: readonly number[];
  /** The scenario solved at budget C (compute-optimal, or data-constrained with U…). */
  readonly scenario: (C: number) => Scenario;
  /** Bootstrap bands per budget (same order as `budgets`), when a fit has replicas. */
  readonly bands?: readonly ScenarioBands[];
  /**
   * Fitted series drawn beside the law: each adds its rows (its point law at every budget, with
   * its own bands when given), and a first column `series` names the curve of each row.
   */
  readonly series?: readonly {
    readonly name: string;
    readonly law: ScalingLaw;
    readonly bands?: readonly ScenarioBands[];
  }[];
}

const BAND_COLUMNS = ['p2_5', 'p5', 'p25', 'p50', 'p75', 'p95', 'p97_5'] as const;
const BAND_QUANTITIES = [
  ['N', 'N'],
  ['D', 'D'],
  ['tokensPerParam', 'D/N'],
  ['loss', 'loss'],
] as const;

/** The metadata lines of a frontier export: law, the scenario without C, the budgets. */
function frontierMetadata(input: FrontierTableInput): string {
  const entries: CsvMetadataEntry[] = [['law', lawMetadata(input.law, input.lawSource)]];
  const first = input.budgets[0];
  if (first !== undefined) entries.push(...scenarioMetadata(input.scenario(first), ['C']));
  entries.push(['grid', budgetsMetadata(input.budgets)]);
  if (input.series && input.series.length > 0)
    entries.push([
      'series',
      `rows per fitted series: ${input.series.map((s) => `'${s.name}'`).join(' ')}`,
    ]);
  if (input.bands && input.bands.length > 0) {
    const most = input.bands.reduce((m, b) => Math.max(m, b.solved), 0);
    entries.push([
      'bands',
      `percentiles over the fit's bootstrap replicas that solved each budget (up to ${most}: column replicas solved)`,
    ]);
  }
  return csvMetadataHeader(entries, input.date);
}

/**
 * The frontier as CSV, after its metadata header: per budget the optimum of the law (N, D,
 * tokens per parameter, loss, solved in f64), then, when bands are given, the number of
 * replicas that solved it and the 2.5/5/25/50/75/95/97.5th percentiles of each quantity. An
 * unsolved budget keeps its reason. With `series`, the rows of each series follow the law's,
 * and a first column names the curve (the law's rows carry `lawSource`).
 */
export function frontierCsv(input: FrontierTableInput): string {
  const bands = input.bands;
  const series = input.series ?? [];
  for (const b of [bands, ...series.map((s) => s.bands)])
    if (b && b.length !== input.budgets.length)
      throw new RangeError(`${b.length} bands for ${input.budgets.length} budgets`);
  const withBands = bands !== undefined || series.some((s) => s.bands);
  const header = [
    'C (FLOPs)',
    'N_opt (parameters)',
    'D_opt (tokens)',
    'D/N (tokens per parameter)',
    'loss (nats/token)',
    'status',
  ];
  if (withBands) {
    header.push('replicas solved');
    for (const [, name] of BAND_QUANTITIES)
      for (const p of BAND_COLUMNS) header.push(`${name} ${p.replace('_', '.')}`);
  }
  if (series.length > 0) header.unshift('series');
  const lines = [frontierMetadata(input) + csvRecord(header)];
  const curves = [
    { name: input.lawSource ?? 'law', law: input.law, bands },
    ...series.map((s) => ({ name: s.name, law: s.law, bands: s.bands })),
  ];
  for (const curve of series.length > 0 ? curves : curves.slice(0, 1)) {
    input.budgets.forEach((C, i) => {
      const r = solveOptimum(curve.law, input.scenario(C));
      const row: CsvValue[] = r.ok
        ? [C, r.N, r.D, r.tokensPerParam, r.loss, 'ok']
        : [C, null, null, null, null, r.reason];
      if (withBands) {
        const b = curve.bands?.[i];
        row.push(b ? b.solved : null);
        for (const [key] of BAND_QUANTITIES) {
          const q = b?.[key];
          for (const p of BAND_COLUMNS) row.push(q ? q[p] : null);
        }
      }
      if (series.length > 0) row.unshift(curve.name);
      lines.push(csvRecord(row));
    });
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}

/** Column names, with units, of the fields a sweep axis can vary. */
export const SWEEP_FIELD_COLUMNS: Readonly<Record<SweepField, string>> = {
  C: 'C (FLOPs)',
  U: 'U (unique tokens)',
  Dinf: 'D_inf (inference tokens)',
  targetLoss: 'target loss (nats/token)',
  N: 'N (parameters)',
  q: 'q',
  mfu: 'MFU (fraction of peak)',
};

/** What the sweep CSV needs: the engine's result and the inputs it was solved for. */
export interface SweepTableInput extends CsvExportContext {
  /** Engine.sweep output, L x cells x 4 (N, D, loss, status); law 0 is the point law. */
  readonly raw: Float32Array;
  readonly law: ScalingLaw;
  readonly base: Scenario;
  readonly x: SweepAxis;
  readonly y: SweepAxis;
  /** The output shown: its column name (with units) and per-cell values of law 0. */
  readonly output: {
    readonly label: string;
    readonly values: Float32Array;
    /** Per-cell 5–95% spread over replicas, when shown. */
    readonly spread?: Float32Array;
  };
}

const STATUS_NAMES = new Map<number, string>(
  Object.entries(OptimumStatus).map(([name, code]) => [code, name]),
);

/**
 * The metadata lines of a sweep export: law, the base scenario without the axis fields, the
 * two axes, the output, and the replicas behind a spread.
 */
function sweepMetadata(input: SweepTableInput, cells: number): string {
  const { x, y, output } = input;
  const laws = Math.floor(input.raw.length / OptimumTable.size(1, cells));
  const entries: CsvMetadataEntry[] = [
    ['law', lawMetadata(input.law, input.lawSource)],
    ...scenarioMetadata(input.base, [x.field, y.field]),
    ['grid', `x ${axisMetadata(x)} / y ${axisMetadata(y)}`],
    ['output', output.label],
  ];
  if (output.spread)
    entries.push(['spread', `5-95% over ${laws - 1} bootstrap replicas of the fit`]);
  return csvMetadataHeader(entries, input.date);
}

/**
 * The sweep as CSV, after its metadata header: one record per cell, rows along y then columns
 * along x (the engine's order): the two axis values, the optimum of the point law (N, D,
 * loss), the chosen output (and its spread), the status name and, for a failed cell, the
 * reason it has no optimum.
 */
export function sweepCsv(input: SweepTableInput): string {
  const { raw, x, y, output } = input;
  const cells = x.count * y.count;
  if (raw.length < OptimumTable.size(1, cells) || output.values.length !== cells)
    throw new RangeError(`sweep result does not match its ${x.count} x ${y.count} axes`);
  const header = [
    SWEEP_FIELD_COLUMNS[x.field],
    SWEEP_FIELD_COLUMNS[y.field],
    'N_opt (parameters)',
    'D_opt (tokens)',
    'loss (nats/token)',
    output.label,
  ];
  if (output.spread) header.push(`${output.label} 5-95% spread`);
  header.push('status', 'reason');
  const xs = Array.from({ length: x.count }, (_, c) => significant(axisValue(x, c)));
  const table = new OptimumTable(raw, 1, cells);
  const lines = [sweepMetadata(input, cells) + csvRecord(header)];
  for (let row = 0; row < y.count; row++) {
    const yv = significant(axisValue(y, row));
    for (let col = 0; col < x.count; col++) {
      const c = row * x.count + col;
      const pair = table.at(0, c);
      const status = pair.status;
      const ok = status === OptimumStatus.ok;
      const cellsOut: CsvValue[] = [
        xs[col],
        yv,
        ok ? shortestF32(pair.N) : null,
        ok ? shortestF32(pair.D) : null,
        ok ? shortestF32(pair.loss) : null,
        shortestF32(output.values[c]!),
      ];
      if (output.spread) cellsOut.push(shortestF32(output.spread[c]!));
      const reason = ok
        ? ''
        : optimumReason(status, input.law, sweepCell(input.base, x, y, col, row));
      cellsOut.push(STATUS_NAMES.get(status) ?? String(status), reason);
      lines.push(csvRecord(cellsOut));
    }
  }
  return lines.join(CSV_EOL) + CSV_EOL;
}
