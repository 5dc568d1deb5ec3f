/**
 * Series, column mappings, per-run reductions, weights and the loss label: what parseRuns
 * makes of a file with a mapping, and the CLI's data flags.
 */
import { describe, expect, it } from 'vitest';
import { parseFitCommand } from '../../src/cli/args';
import { datasetHash } from '../../src/data/hash';
import { guessMapping, mappingShapeProblem, resolveMapping } from '../../src/data/mapping';
import { packImport, unpackImport } from '../../src/data/packed-runs';
import { parseRuns } from '../../src/data/runs';
import { listSeries, runsInSeries, seriesProblem } from '../../src/data/series';

const NS = [1e7, 3e7, 1e8, 3e8, 1e9, 3e9];
const lossOf = (N: number, D: number, off = 0) => 1.7 + off + 400 / N ** 0.34 + 410 / D ** 0.28;

/** A W&B-style export: three series, two checkpoints per run, unrecognised headers. */
function wandb(): string {
  const lines = ['run_id,step,eval/paloma/c4_en/bpb,params_non_embedding,tokens_seen,flops,mix'];
  ['web', 'code', 'books'].forEach((mix, m) => {
    NS.forEach((N, j) => {
      for (const step of [1000, 4000]) {
        const D = (20 * N * step) / 4000;
        lines.push(
          `${mix}-${j},${step},${lossOf(N, D, m * 0.05)},${N / 1e6},${D},${6 * N * D},${mix}`,
        );
      }
    });
  });
  return `${lines.join('\n')}\n`;
}

describe('series', () => {
  it('lists series in first-appearance order with counts, and filters by selection', () => {
    const runs = [{ series: 'b' }, { series: 'a' }, { series: 'b' }, {}];
    expect(listSeries(runs)).toEqual([
      { name: 'b', count: 2 },
      { name: 'a', count: 1 },
    ]);
    expect(listSeries([{}, {}])).toEqual([]);
    expect(runsInSeries(runs, [])).toEqual(runs);
    expect(runsInSeries(runs, ['a'])).toEqual([{ series: 'a' }]);
    expect(seriesProblem(runs, ['c'])).toContain(
      'no series "c" in the file; its series are "b" (2 runs)',
    );
    expect(seriesProblem([{}], ['a'])).toContain('the runs carry no series');
    expect(seriesProblem(runs, ['a', 'b'])).toBeNull();
  });

  it('a recognised series column keeps the label per run and enters the hash', () => {
    const rows = NS.flatMap((N) => [
      `${N},${20 * N},${lossOf(N, 20 * N)},base`,
      `${N},${20 * N},${lossOf(N, 20 * N, 0.05)},wide`,
    ]);
    const r = parseRuns(`params,tokens,loss,recipe\n${rows.join('\n')}\n`);
    expect(r.errors).toEqual([]);
    expect(listSeries(r.runs)).toEqual([
      { name: 'base', count: 6 },
      { name: 'wide', count: 6 },
    ]);
    // Same (N, D) in two series is not a conflict: no warning about different losses.
    expect(r.warnings.join('\n')).not.toContain('different losses');
    const plain = r.runs.map(({ series: _s, ...rest }) => rest);
    expect(r.hash).not.toBe(datasetHash(plain));
    expect(r.hash).toBe(datasetHash(r.runs));
  });

  it('runs without a series hash exactly as before a series field existed', () => {
    const text = `params,tokens,loss\n${NS.map((N) => `${N},${20 * N},${lossOf(N, 20 * N)}`).join('\n')}\n`;
    const r = parseRuns(text);
    expect(r.runs.every((x) => !('series' in x) && !('weight' in x))).toBe(true);
    // The hash of the same runs once a series column with one value is added and collapsed.
    const one = parseRuns(
      `params,tokens,loss,recipe\n${NS.map((N) => `${N},${20 * N},${lossOf(N, 20 * N)},x`).join('\n')}\n`,
    );
    expect(one.hash).toBe(r.hash);
    expect(one.notes.join('\n')).toContain('has one value ("x") for every run');
  });
});

describe('column mapping', () => {
  it('guesses the fields of a W&B export by name', () => {
    const headers = wandb().split('\n')[0]!.split(',');
    expect(guessMapping(headers)).toEqual({
      fields: {
        step: 'step',
        series: 'mix',
        group: 'run_id',
        C: 'flops',
        D: 'tokens_seen',
        N: 'params_non_embedding',
        loss: 'eval/paloma/c4_en/bpb',
      },
      scale: {},
      perRun: 'last-step',
    });
  });

  it('refuses the export without a mapping, but says a mapping can read it', () => {
    const r = parseRuns(wandb());
    expect(r.runs).toEqual([]);
    expect(r.errors[0]).toContain('Missing a column for parameters (N)');
    expect(r.needsMapping).toBe(true);
    expect(r.headers).toContain('eval/paloma/c4_en/bpb');
    expect(r.mapping.fields.N).toBe('params_non_embedding');
  });

  it('reads the export through the guessed mapping: units, last step per run, three series', () => {
    const guess = guessMapping(wandb().split('\n')[0]!.split(','));
    const r = parseRuns(wandb(), { mapping: { ...guess, scale: { N: 1e6 } } });
    expect(r.errors).toEqual([]);
    expect(r.lossLabel).toBe('eval/paloma/c4_en/bpb');
    expect(r.runs).toHaveLength(18);
    expect(r.rejected).toHaveLength(18);
    expect(r.rejected[0]!.reason).toContain('an earlier checkpoint (step 1000) of run "web-0"');
    expect(r.runs[0]).toMatchObject({ N: 1e7, D: 2e8, group: 'web-0', series: 'web' });
    expect(listSeries(r.runs).map((s) => s.count)).toEqual([6, 6, 6]);
    expect(r.notes.join('\n')).toContain(
      'Kept the last step of each run: 18 other checkpoints left out.',
    );
    expect(r.notes.join('\n')).toContain('3 series in column "mix"');
    expect(r.warnings.join('\n')).not.toContain('several steps');
  });

  it('lowest loss per run keeps the row with the smallest loss of each run', () => {
    const guess = guessMapping(wandb().split('\n')[0]!.split(','));
    const r = parseRuns(wandb(), { mapping: { ...guess, perRun: 'min-loss', scale: { N: 1e6 } } });
    expect(r.runs).toHaveLength(18);
    // The later checkpoint has more tokens, hence the lower loss.
    expect(r.runs.every((x) => x.D === 20 * x.N)).toBe(true);
  });

  it('with every checkpoint kept, warns that checkpoints count as runs', () => {
    const guess = guessMapping(wandb().split('\n')[0]!.split(','));
    const r = parseRuns(wandb(), { mapping: { ...guess, perRun: 'all', scale: { N: 1e6 } } });
    expect(r.runs).toHaveLength(36);
    expect(r.warnings.join('\n')).toContain(
      '18 runs have several steps in column "step": each checkpoint counts as a separate run',
    );
  });

  it('a mapping naming a column the file lacks is refused with the file columns', () => {
    const r = parseRuns(wandb(), {
      mapping: {
        fields: { N: 'params_total', D: 'tokens_seen', loss: 'eval/paloma/c4_en/bpb' },
        scale: {},
      },
    });
    expect(r.errors).toEqual([
      'The column mapping takes parameters (N) from "params_total", but the file has no such column. Columns in the file: "run_id", "step", "eval/paloma/c4_en/bpb", "params_non_embedding", "tokens_seen", "flops", "mix".',
    ]);
    expect(r.needsMapping).toBe(true);
  });

  it('says which field is missing, a column used twice, a bad multiplier, a reduction without a group', () => {
    const h = ['a', 'b', 'c'];
    expect(resolveMapping({ fields: { N: 'a', D: 'b' }, scale: {} }, h).errors).toEqual([
      'The column mapping gives no column for loss (L); pick one of the file\'s columns. Columns in the file: "a", "b", "c".',
    ]);
    expect(resolveMapping({ fields: { N: 'a', D: 'a', loss: 'c' }, scale: {} }, h).errors[0]).toBe(
      'The column mapping takes both parameters (N) and training tokens (D) from "a"; map each field to its own column.',
    );
    expect(
      resolveMapping({ fields: { N: 'a', D: 'b', loss: 'c' }, scale: { N: -1 } }, h).errors,
    ).toEqual(['The unit multiplier for parameters (N) must be a positive number (got -1).']);
    expect(
      resolveMapping({ fields: { N: 'a', D: 'b', loss: 'c' }, scale: {}, perRun: 'min-loss' }, h)
        .errors[0],
    ).toContain('"lowest loss per run" needs a column for group');
  });

  it('a file with fewer than three columns cannot be mapped', () => {
    const r = parseRuns('x,y\n1,2\n');
    expect(r.needsMapping).toBe(false);
    expect(r.errors[0]).toContain('Missing a column for parameters (N)');
  });

  it('rejects zero, negative and NaN weights by row, and notes that weights are not used yet', () => {
    const rows = NS.map(
      (N, i) => `${N},${20 * N},${lossOf(N, 20 * N)},${['1', '0', '-2', 'NaN', '2', '0.5'][i]}`,
    );
    const r = parseRuns(`p,t,l,w\n${rows.join('\n')}\n`, {
      mapping: { fields: { N: 'p', D: 't', loss: 'l', weight: 'w' }, scale: {} },
    });
    expect(r.rejected.map((x) => [x.row, x.column])).toEqual([
      [3, 'w'],
      [4, 'w'],
      [5, 'w'],
    ]);
    expect(r.rejected[0]!.reason).toBe('is 0; weight must be greater than 0');
    expect(r.rejected[1]!.reason).toContain('is negative (-2); weight must be greater than 0');
    expect(r.rejected[2]!.reason).toContain('not a finite number');
    expect(r.runs.map((x) => x.weight)).toEqual([1, 2, 0.5]);
    expect(r.notes.join('\n')).toContain('the fitter does not use weights yet');
  });

  it('packs and unpacks series and weights through the worker format', () => {
    const guess = guessMapping(wandb().split('\n')[0]!.split(','));
    const r = parseRuns(wandb(), { mapping: { ...guess, scale: { N: 1e6 } } });
    expect(unpackImport(packImport(r))).toEqual(r);
  });

  it('validates the shape of a mapping from a link or flag', () => {
    expect(
      mappingShapeProblem({ fields: { N: 'a' }, scale: { N: 1e6 }, perRun: 'last-step' }),
    ).toBeNull();
    expect(mappingShapeProblem(null)).toBe('the mapping is not an object');
    expect(mappingShapeProblem({ fields: { X: 'a' }, scale: {} })).toContain('unknown field "X"');
    expect(mappingShapeProblem({ fields: { N: '' }, scale: {} })).toBe('the column for N is empty');
    expect(mappingShapeProblem({ fields: { N: 'x'.repeat(201) }, scale: {} })).toContain(
      'at most 200',
    );
    expect(mappingShapeProblem({ fields: {}, scale: { N: Number.NaN } })).toContain(
      'positive number',
    );
    expect(mappingShapeProblem({ fields: {}, scale: {}, perRun: '<script>' })).toContain(
      'unknown per-run',
    );
  });
});

describe('CLI data flags', () => {
  it('parses --map, --scale, --per-run and --series into the command', () => {
    const c = parseFitCommand([
      'fit',
      'runs.csv',
      '--map',
      'N=params_total,D=tokens,loss=eval/bpb,group=run_id,step=step',
      '--scale',
      'N=1e6',
      '--per-run',
      'last-step',
      '--series',
      'web,code',
    ]);
    expect(c.mapping).toEqual({
      fields: { N: 'params_total', D: 'tokens', loss: 'eval/bpb', group: 'run_id', step: 'step' },
      scale: { N: 1e6 },
      perRun: 'last-step',
    });
    expect(c.series).toEqual(['web', 'code']);
    const plain = parseFitCommand(['fit', 'runs.csv']);
    expect(plain.mapping).toBeUndefined();
    expect(plain.series).toBeUndefined();
  });

  it('refuses bad data flags with the flag and the part at fault', () => {
    const bad =
      (...args: string[]) =>
      () =>
        parseFitCommand(['fit', 'f.csv', ...args]);
    expect(bad('--map', 'X=a')).toThrow('--map: unknown field "X"');
    expect(bad('--map', 'N')).toThrow('--map: "N" is not FIELD=VALUE');
    expect(bad('--map', 'N=a,N=b')).toThrow('--map: N given twice');
    expect(bad('--scale', 'N=0', '--map', 'N=a')).toThrow(
      '--scale: N needs a positive number, got "0"',
    );
    expect(bad('--scale', 'N=1e6')).toThrow('--scale and --per-run need --map');
    expect(bad('--per-run', 'first')).toThrow(
      '--per-run needs one of all, last-step, min-loss, got first',
    );
    expect(bad('--series', 'a,,b')).toThrow('--series needs NAME[,NAME...], got "a,,b"');
  });
});
