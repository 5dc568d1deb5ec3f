/**
 * The hostile-URL corpus (test/corpus/urls/*.json, format in its README.md) through the decoder:
 * for each case exactly the listed fields are ignored, each expected notice is given (and no
 * other), the state matches what the case states and passes validateState, and a payload the
 * case names survives only as plain text in the state or the messages.
 */
import { describe, expect, test } from 'vitest';
import { decode } from '../../src/scenario/url-codec';
import { validateState } from '../../src/scenario/validate-state';
import { loadUrlCorpus } from '../corpus/urls/load';

const corpus = loadUrlCorpus();

describe('hostile URL corpus', () => {
  test('has at least 40 cases', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
  });

  test.each(corpus.map((k) => [k.file, k] as const))('%s', (_file, { c, search, hash }) => {
    const d = decode(search, hash);
    expect(validateState(d.state)).toEqual([]);
    expect(d.ignored.map((i) => i.field).sort()).toEqual([...c.ignored].sort());
    for (const i of d.ignored) expect(i.reason).not.toBe('');
    expect(d.notices).toHaveLength(c.notices.length);
    for (const pattern of c.notices)
      expect(d.notices.some((n) => new RegExp(pattern).test(n))).toBe(true);
    if (c.state) expect(d.state).toMatchObject(c.state);
    if (c.text) {
      const said = [
        ...d.ignored.map((i) => `${i.field}: ${i.reason}`),
        ...d.notices,
        d.state.dataset.name,
      ];
      expect(said.some((s) => s.includes(c.text!))).toBe(true);
    }
  });
});
