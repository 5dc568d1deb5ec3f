/**
 * The text `fit --test-law` appends to a fit's table: the Wald test of the law against the fit
 * and the likelihood-ratio test of tied exponents, each as statistic, df and p-value.
 */
import type { LawTestReport } from '../fit/law-tests';

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(4) : String(v));

/** One block of text for a law test report. */
export function lawTestText(report: LawTestReport, name: string): string {
  const { wald, tiedExponents: lr } = report;
  const lines = [`law tests (${name})`];
  lines.push(
    'problem' in wald
      ? `  Wald chi-squared of the law: not computed: ${wald.problem}`
      : `  Wald chi-squared of the law: W = ${fmt(wald.statistic)}, df ${wald.df}, p = ${fmt(wald.pValue)} (${wald.replicas} replicas; ${wald.params.join(', ')})`,
  );
  lines.push(
    'problem' in lr
      ? `  LR tied exponents (alpha = beta): not computed: ${lr.problem}`
      : `  LR tied exponents (alpha = beta): LR = ${fmt(lr.statistic)}, df ${lr.df}, p = ${fmt(lr.pValue)} (Gaussian errors on ln L, n = ${lr.n})`,
  );
  return `${lines.join('\n')}\n`;
}
