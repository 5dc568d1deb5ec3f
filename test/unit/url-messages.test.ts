/**
 * What the decoder says about specific bad fields, how it reads older links (version 0: no `v`,
 * the old names `preset`, `tab`, `bootstrap`), and how it treats the law, the dataset and the
 * fragment: one reason per refused field, the rest of the link kept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { builtinDataset } from '../../src/data/builtin';
import { findPreset } from '../../src/law/presets';
import { builtinRef } from '../../src/scenario/dataset';
import { DEFAULT_STATE, STATE_VERSION } from '../../src/scenario/state';
import { decode, encode } from '../../src/scenario/url-codec';
import { packData } from '../../src/scenario/url-data';
import { migrate, V0_RENAMES } from '../../src/scenario/url-migrate';

const reasons = (search: string, hash = '') =>
  Object.fromEntries(decode(search, hash).ignored.map((i) => [i.field, i.reason]));

describe('one specific reason per bad field, the rest kept', () => {
  test.each([
    [
      'view=<script>alert(1)</script>',
      'view',
      /must be one of surface, fit, compare, design, frontier, sweep, bench; got "<script>alert\(1\)<\/script>"/,
    ],
    [
      'law=javascript:alert(1)',
      'law',
      /must be one of hoffmann2022, .*custom, fit; got "javascript:alert\(1\)"/,
    ],
    ['alpha=7', 'alpha', /alpha must be at most 5, got 7/],
    ['E=-1', 'E', /E must be positive, got -1/],
    ['E=NaN', 'E', /"NaN" is not a finite number/],
    ['A=1e400', 'A', /too large for a 64-bit float/],
    ['logN=13,7', 'logN', /N range is inverted/],
    ['res=99999x5', 'res', /width must be between 1 and 8192, got 99999/],
    ['colour=plaid', 'colour', /must be one of log-reducible, linear/],
    ['cmap=jet', 'cmap', /must be one of viridis, cividis, magma, inferno, plasma; got "jet"/],
    ['cmap=<b>x</b>', 'cmap', /must be one of viridis, .*; got "<b>x<\/b>"/],
    ['engine=tpu', 'engine', /must be one of auto, gpu, cpu/],
    ['K=-5', 'K', /bootstrap replicas must be a whole number from 0 to 200000/],
    ['seed=1.5', 'seed', /seed must be a whole number from 0 to 4294967295/],
    ['delta=0', 'delta', /Huber delta must be a positive number/],
    ['starts=random:0', 'starts', /must be a whole number from 1 to 100000/],
    ['hold=1.5', 'hold', /forecast hold-out must be between 0 and 1, got 1.5/],
    ['ov=gpt5', 'ov', /must list preset ids/],
    ['cref=%ZZ', 'cref', /malformed percent-encoding/],
    ['cref=%25ZZ', 'cref', /the reference must be a non-empty, percent-encoded series name/],
    ['cref=%20%20', 'cref', /the reference must be a non-empty, percent-encoded series name/],
    [`cref=${'x'.repeat(201)}`, 'cref', /the reference name is longer than 200 characters/],
    ['cbud=1e20,-3', 'cbud', /budgets must be positive numbers of FLOPs, got -3/],
    ['cshare=E,gamma', 'cshare', /must list parameters among E, A, B, alpha, beta; got "E,gamma"/],
    ['cshare=E,A,B,alpha,beta', 'cshare', /sharing every parameter leaves nothing to compare/],
    ['dtgt=nopt@0', 'dtgt', /the target budget must be a finite number of FLOPs above 0, got 0/],
    ['dtgt=nopt', 'dtgt', /the target needs nopt@C, dopt@C, a or loss@N,D/],
    ['dtgt=loss@7e10,-1', 'dtgt', /the planned run's D must be a finite positive number, got -1/],
    ['dbud=-5e21', 'dbud', /must be a positive number of FLOPs/],
    ['dreg=N=1e9:1e8,D=1e9:1e12', 'dreg', /N=1e9:1e8 has its maximum below its minimum/],
    ['dreg=C=1e20:1e22,D=1e9:1e10', 'dreg', /give D=LO:HI or C=LO:HI, not both/],
    ['dside=2048', 'dside', /must be a whole number from 1 to 1024, got "2048"/],
    ['dsk=5', 'dsk', /must be a whole number from 10 to 5000, got "5"/],
    ['dplan=1e9:2e10,7e9', 'dplan', /run 2 must be N:D, got "7e9"/],
    ['dplan=1e9:-2e10', 'dplan', /run 1 needs positive N and D/],
    ['rb=1e21,-3', 'rb', /budgets must be positive numbers, got -3/],
    ['rb=1,2,3,4,5,6,7,8,9,10,11,12,13', 'rb', /at most 12 values, got 13/],
    ['mfu=1.5', 'mfu', /MFU must be in \(0, 1\], got 1\.5/],
    ['C=0', 'C', /budget C must be positive, got 0/],
    ['price=-2', 'price', /price per accelerator-hour must be zero or more, got -2/],
    ['U=Infinity', 'U', /"Infinity" is not a finite number/],
    ['acc=<img src=x onerror=alert(1)>', 'acc', /must be one of h100-sxm/],
    ['sx=C,1e26,1e20,64,log', 'sx', /x axis range is inverted/],
    [
      'sy=U,1e10,1e13,5000,log',
      'sy',
      /y axis resolution must be an integer from 1 to 4096, got 5000/,
    ],
    ['sy=U,1e10,1e13,2000,log', 'sy', /y axis resolution must be at most 1024, got 2000/],
    ['sx=mfu,0.1,1.5,8,linear', 'sx', /MFU must lie in \(0, 1\]/],
    ['sx=N,1,2,3,log', 'sx', /field must be one of C, U, Dinf, targetLoss, mfu/],
    ['sMfu=2', 'sMfu', /mfu must be in \(0, 1\]/],
    ['out=html', 'out', /must be one of N, D, tokensPerParam, .*, lossGap, multiplier;/],
    ['tie=yes', 'tie', /must be 1 or 0, got "yes"/],
    ['ex=9-3', 'ex', /the range "9-3" is inverted/],
    ['ex=1-99999999', 'ex', /rows must lie from 1 to 10000000/],
    ['ex=2-20000', 'ex', /at most 10000 rows can be excluded/],
    ['dseed=-1', 'dseed', /must be a whole number from 0 to 4294967295/],
    ['dhash=XYZ', 'dhash', /must be 16 lower-case hex digits, got "XYZ"/],
  ])('%s', (query, field, reason) => {
    const d = decode(`?v=1&models=1&${query}&kaplan=0`, '');
    expect(d.ignored).toHaveLength(1);
    expect(d.ignored[0]!.field).toBe(field);
    expect(d.ignored[0]!.reason).toMatch(reason);
    expect(d.state.frontier.showModels).toBe(true);
    expect(d.state.frontier.showKaplan).toBe(false);
  });

  test('unknown fields, duplicates and bad percent-encoding are listed by name', () => {
    expect(reasons('?v=1&zoom=3')).toEqual({ '"zoom"': 'unknown field' });
    const dup = decode('?v=1&view=fit&view=sweep', '');
    expect(dup.state.view).toBe('fit');
    expect(dup.ignored).toEqual([
      { field: 'view', reason: 'duplicate field: only the first one is read' },
    ]);
    expect(reasons('?v=1&view=%E0%A4%A')).toEqual({
      view: 'malformed percent-encoding in the value',
    });
    expect(reasons('?v=1&%ZZ=1')).toEqual({ '"%ZZ"': 'malformed percent-encoding in the name' });
  });

  test('invisible characters in refused values are shown as escapes', () => {
    const r = reasons('?v=1&view=front%E2%80%AEier&law=hoff%E2%80%8Bmann2022');
    expect(r.view).toContain('\\u202e');
    expect(r.law).toContain('\\u200b');
  });

  test('numbers read as the CSV import reads cells, suffixes included', () => {
    const d = decode('?v=1&C=5.88e23&U=1.5T&count=2K', '');
    expect(d.ignored).toEqual([]);
    expect(d.state.planner).toMatchObject({ flops: 5.88e23, U: 1.5e12, count: 2000 });
  });
});

describe('versions', () => {
  test('version 0 (no v) reads the old names', () => {
    expect(Object.keys(V0_RENAMES).length).toBeGreaterThan(0);
    const d = decode('?preset=besiroglu2024&tab=fit&bootstrap=10', '');
    expect(d.ignored).toEqual([]);
    expect(d.state.presetId).toBe('besiroglu2024');
    expect(d.state.law).toEqual(findPreset('besiroglu2024')!.law);
    expect(d.state.view).toBe('fit');
    expect(d.state.fitOptions.bootstrap).toBe(10);
    expect(encode(d.state)).toBe('?v=1&view=fit&law=besiroglu2024&K=10');
  });

  test('an explicit v=0 migrates too; in version 1 the old names are unknown', () => {
    expect(decode('?v=0&tab=sweep', '').state.view).toBe('sweep');
    expect(reasons('?v=1&tab=sweep')).toEqual({ '"tab"': 'unknown field' });
  });

  test('the migration chain reaches the current version', () => {
    const out = migrate(
      [
        { name: 'preset', value: 'x' },
        { name: 'C', value: '1' },
      ],
      0,
    );
    expect(out).toEqual([
      { name: 'law', value: 'x' },
      { name: 'C', value: '1' },
    ]);
    expect(migrate(out, STATE_VERSION)).toEqual(out);
  });

  test('a newer or malformed version is reported and the known fields are read', () => {
    const newer = decode('?v=7&view=sweep', '');
    expect(newer.state.view).toBe('sweep');
    expect(newer.ignored[0]).toMatchObject({ field: 'v', reason: expect.stringMatching(/newer/) });
    expect(newer.notices[0]).toMatch(/newer version/);
    const bad = decode('?v=1.0&view=sweep', '');
    expect(bad.state.view).toBe('sweep');
    expect(bad.ignored[0]).toMatchObject({
      field: 'v',
      reason: 'must be a version number, got "1.0"',
    });
  });
});

describe('law and dataset', () => {
  test('constants over a preset make a custom law; a fit keeps its source', () => {
    const edited = decode('?v=1&law=hoffmann2022&alpha=0.5', '').state;
    expect(edited.lawSource).toBe('custom');
    expect(edited.law).toEqual({ ...findPreset('hoffmann2022')!.law, alpha: 0.5 });
    const fit = decode('?v=1&law=fit&E=1.7&A=400&B=410&alpha=0.33&beta=0.29', '');
    expect(fit.state.lawSource).toBe('fit');
    expect(fit.state.law).toEqual({ E: 1.7, A: 400, B: 410, alpha: 0.33, beta: 0.29 });
    expect(fit.ignored).toEqual([]);
    const partial = decode('?v=1&law=fit&alpha=0.4', '');
    expect(partial.notices[0]).toMatch(/lacks E, A, B, beta/);
  });

  test('the built-in dataset travels as its seed', () => {
    const s = decode('?v=1&view=fit&dseed=7&ex=2-4,9', '').state;
    expect(s.dataset).toEqual(builtinRef(7));
    expect(s.excludedRows).toEqual([2, 3, 4, 9]);
    expect(reasons('?v=1&dname=x&dhash=0123456789abcdef')).toEqual({
      dname: 'not used with the built-in dataset',
      dhash: 'not used with the built-in dataset',
    });
  });

  test('user data: included, not included, corrupt, or known to this browser', () => {
    const csv = builtinDataset(3).csv;
    const base = DEFAULT_STATE;
    const withData = decode('?v=1&data=user&dname=<b>runs</b>.csv', `#data=${packData(csv)}`);
    expect(withData.ignored).toEqual([]);
    expect(withData.state.dataset).toMatchObject({ source: 'user', name: '<b>runs</b>.csv', csv });
    const hash = withData.state.dataset.hash;
    const without = decode(`?v=1&data=user&dname=runs.csv&dhash=${hash}&ex=5`, '');
    expect(without.state.dataset).toEqual({ source: 'missing', name: 'runs.csv', hash });
    expect(without.state.excludedRows).toEqual([5]);
    expect(without.notices[0]).toMatch(/^Data not included: .*"runs.csv" \(hash [0-9a-f]{16}\)/);
    expect(without.state.law).toEqual(base.law);
    const corrupt = decode(`?v=1&data=user&dhash=${hash}`, '#data=aGVsbG8gd29ybGQh');
    expect(corrupt.state.dataset.source).toBe('missing');
    expect(corrupt.notices[0]).toMatch(/could not be read: it is not zlib-compressed data/);
    const bad64 = decode(`?v=1&data=user&dhash=${hash}`, '#data=ab$d');
    expect(bad64.notices[0]).toMatch(/not valid base64url: character 3/);
    const known = decode(`?v=1&data=user&dhash=${hash}`, '', {
      knownData: (h) =>
        h === hash && withData.state.dataset.source === 'user' ? withData.state.dataset : undefined,
    });
    expect(known.state.dataset).toBe(withData.state.dataset);
    expect(known.notices).toEqual([]);
  });

  test('user data without a hash falls back to the built-in dataset and drops its exclusions', () => {
    const d = decode('?v=1&data=user&dname=x.csv&ex=3', '');
    expect(d.state.dataset).toEqual(builtinRef(1));
    expect(d.state.excludedRows).toEqual([]);
    expect(d.ignored).toEqual([
      { field: 'ex', reason: 'the rows belong to data that is not available' },
    ]);
  });

  test('a query over the length cap is ignored whole, with a notice', () => {
    const d = decode(`?v=1&view=fit&ex=${'1'.repeat(300_000)}`, '');
    expect(d.state).toEqual(DEFAULT_STATE);
    expect(d.notices[0]).toMatch(/over the limit of 262,144/);
  });
});

describe('the README', () => {
  test("its sample link decodes with nothing ignored, and is the state's own link", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const links = readme.match(/^http:\/\/localhost:5173\/\?\S+$/gm) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const url = new URL(link);
      const d = decode(url.search, url.hash);
      expect(d.ignored).toEqual([]);
      expect(d.notices).toEqual([]);
      expect(encode(d.state)).toBe(url.search);
    }
  });
});
