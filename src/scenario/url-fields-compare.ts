/**
 * The link's fields of the Compare view: the reference series (percent-encoded, as the series
 * selection is), the table budgets and the parameters a joint fit shares. Each is left out at
 * its default, so links made before the view existed read as they did.
 */
import { SHARED_PARAMS } from '../fit/joint-objective';
import {
  type CompareState,
  compareBudgetIssue,
  MAX_COMPARE_BUDGETS,
  MAX_REFERENCE_NAME,
  normaliseShared,
} from './compare-state';
import type { Draft, FieldCodec } from './url-field-kit';
import { take } from './url-field-kit';
import { decodePart, formatUrlNumber as num, quoteValue, readNumberList } from './url-values';

function setCompare(d: Draft, patch: Partial<CompareState>): void {
  d.state.compare = { ...d.state.compare, ...patch };
}

/** The Compare view's fields. */
export const compareFields: readonly FieldCodec[] = [
  {
    name: 'cref',
    write: (s) =>
      s.compare.reference === null ? undefined : encodeURIComponent(s.compare.reference),
    read: (text, d) => {
      const name = decodePart(text);
      if (name === null || name.trim() === '' || /\p{Cs}/u.test(name))
        return 'the reference must be a non-empty, percent-encoded series name';
      if (name.length > MAX_REFERENCE_NAME)
        return `the reference name is longer than ${MAX_REFERENCE_NAME} characters`;
      setCompare(d, { reference: name });
      return null;
    },
  },
  {
    name: 'cbud',
    write: (s) =>
      s.compare.budgets.length === 0 ? undefined : s.compare.budgets.map(num).join(','),
    read: (text, d) =>
      take(readNumberList(text, MAX_COMPARE_BUDGETS), (v) => {
        const issue = compareBudgetIssue(v);
        if (issue) return issue;
        setCompare(d, { budgets: v });
      }),
  },
  {
    name: 'cshare',
    write: (s) => (s.compare.shared.length === 0 ? undefined : s.compare.shared.join(',')),
    read: (text, d) => {
      const shared = normaliseShared(text.split(','));
      if (!shared)
        return `must list parameters among ${SHARED_PARAMS.join(', ')}; got ${quoteValue(text)}`;
      if (shared.length === SHARED_PARAMS.length)
        return 'sharing every parameter leaves nothing to compare; share at most four';
      setCompare(d, { shared });
      return null;
    },
  },
];
