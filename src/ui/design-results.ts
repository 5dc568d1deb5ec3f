/**
 * The Design view's result panels as templates: the plans against each other (predicted SE of
 * the target before and after), the designer's runs, and the simulation check. Numbers come
 * from src/fit (design-report.ts); these only lay them out.
 */
import { html, nothing } from 'lit';
import { planRunName } from '../export/design-plan';
import type { DesignPlan } from '../fit/design';
import type { SimulationCheck } from '../fit/design-check';
import type { DesignOutcome } from '../fit/design-job';
import { planSummary, planVerdict, seAfterRun, targetWords } from '../fit/design-report';
import { formatScientific } from './charts/format';

const e3 = (x: number) => formatScientific(x, 3);
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

const PLAN_LABELS: Readonly<Record<DesignPlan['kind'], string>> = {
  designer: 'Designer (greedy)',
  classic: 'Classic (one isoFLOP curve)',
  random: 'Random (same budget)',
};

/** The three plans with their predicted SE after, and the verdict. */
export function plansTable(outcome: DesignOutcome, budgetFlops: number) {
  const plans = [outcome.designer, outcome.classic, outcome.random];
  const before = planSummary(outcome.designer).seBefore;
  const verdict = planVerdict(outcome.designer, outcome.classic);
  return html`<p data-testid="design-summary">
      Target: <b>${targetWords(outcome.target)}</b>, now ${outcome.value.toPrecision(4)} with a predicted
      SE of <b data-testid="design-se-before">${before.toPrecision(3)}</b> (linearised, at the fit).
      ${e3(budgetFlops)} FLOPs for new runs.
    </p>
    <table data-testid="design-plans">
      <thead>
        <tr><th>Plan</th><th>Runs</th><th>FLOPs</th><th>Predicted SE after</th><th>Predicted SE ratio</th></tr>
      </thead>
      <tbody>
        ${plans.map((p) => {
          const s = planSummary(p);
          return html`<tr data-testid="design-plan-row" data-kind=${p.kind} data-ratio=${s.seAfter / s.seBefore} data-runs=${p.runs.length}>
            <td>${PLAN_LABELS[p.kind]}</td>
            <td>${p.runs.length}</td>
            <td>${e3(p.flops)}</td>
            <td>${s.seAfter.toPrecision(3)}</td>
            <td>${(s.seAfter / s.seBefore).toFixed(3)} (${pct(s.seShrinkage)} smaller)</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <p data-testid="design-verdict">Prediction: ${verdict.text}.</p>`;
}

/** The designer's runs in pick order, with the SE after each. */
export function designerRuns(plan: DesignPlan) {
  if (plan.runs.length === 0)
    return html`<p class="muted" data-testid="design-no-runs">No candidate within the budget reduces the target's variance.</p>`;
  return html`<details data-testid="design-runs">
    <summary>The designer's ${plan.runs.length} runs</summary>
    <table>
      <thead><tr><th>Name</th><th>N</th><th>D</th><th>FLOPs</th><th>SE after</th></tr></thead>
      <tbody>
        ${plan.runs.map(
          (r, i) => html`<tr>
            <td>${planRunName(plan.kind, i, r)}</td>
            <td>${e3(r.N)}</td>
            <td>${e3(r.D)}</td>
            <td>${e3(r.flops)}</td>
            <td>${seAfterRun(r).toPrecision(3)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

/** The simulation check: interval widths before and after each plan, simulated and predicted. */
export function checkTable(
  check: SimulationCheck,
  replicas: number,
  bootstrap: number,
  engine: string,
) {
  return html`<div data-testid="design-check" data-engine=${engine}>
    <p>
      ${replicas} simulated data sets per plan (the fitted law plus residuals drawn from the fit),
      each refitted with ${bootstrap} bootstrap replicas on the ${engine.toUpperCase()} engine. The
      target's 95% interval is now <b data-testid="design-width-before">${check.widthBefore.toPrecision(3)}</b> wide.
    </p>
    <table>
      <thead>
        <tr><th>Plan</th><th>Runs</th><th>Width after (mean)</th><th>Simulated ratio</th><th>Predicted ratio</th><th>Shrinkage</th></tr>
      </thead>
      <tbody>
        ${check.plans.map(
          (
            p,
          ) => html`<tr data-testid="design-check-row" data-kind=${p.kind} data-shrinkage=${p.shrinkage} data-ratio=${p.widthAfter / check.widthBefore}>
            <td>${PLAN_LABELS[p.kind]}</td>
            <td>${p.runs}</td>
            <td>${p.widthAfter.toPrecision(3)}</td>
            <td>${(p.widthAfter / check.widthBefore).toFixed(3)}</td>
            <td>${p.predictedWidthRatio.toFixed(3)}</td>
            <td>${pct(p.shrinkage)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <p data-testid="design-check-verdict" class=${check.designerBeatsAll ? 'good' : 'warn'}>
      Simulation: ${check.verdict}.
    </p>
  </div>`;
}

/** A progress bar with a label, the time so far and a Cancel button. */
export function progressBar(
  testid: string,
  fraction: number,
  label: string,
  elapsed: string,
  onCancel: () => void,
) {
  return html`<div class="progress" data-testid=${testid}>
    <div class="bar" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${Math.round(fraction * 100)}>
      <div style="width:${(fraction * 100).toFixed(1)}%"></div>
    </div>
    <span>${label}</span>
    <span class="muted">${elapsed}</span>
    <button data-testid=${`${testid}-cancel`} @click=${onCancel}>Cancel</button>
  </div>`;
}

/** Nothing, or an error paragraph. */
export function errorLine(testid: string, message: string | undefined, extra: unknown = nothing) {
  return message === undefined
    ? nothing
    : html`<p class="error" role="alert" data-testid=${testid}>${message} ${extra}</p>`;
}
