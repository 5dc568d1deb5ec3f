/** The fit method in links: the default is left out (old links unchanged), others round-trip, an unknown id is named. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FIT_METHOD } from '../../src/fit/methods';
import { DEFAULT_STATE } from '../../src/scenario/state';
import { decode, encode } from '../../src/scenario/url-codec';

describe('method= in links', () => {
  it('leaves the default method out, and reads a link without it as the default', () => {
    expect(DEFAULT_STATE.fitMethod).toBe(DEFAULT_FIT_METHOD);
    expect(encode(DEFAULT_STATE)).not.toContain('method=');
    expect(decode('?v=1&view=fit', '').state.fitMethod).toBe('approach3');
  });

  it('reads a registered method and names an unknown one', () => {
    expect(decode('?v=1&method=approach3', '').state.fitMethod).toBe('approach3');
    const bad = decode('?v=1&method=approach9', '');
    expect(bad.state.fitMethod).toBe(DEFAULT_FIT_METHOD);
    const issue = bad.ignored.find((i) => i.field === 'method');
    expect(issue?.reason).toMatch(/approach3/);
    expect(issue?.reason).toMatch(/approach9/);
  });
});
