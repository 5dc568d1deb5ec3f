/**
 * The Sweep view's inputs, as templates for the view's shadow root: the two axes (field, range,
 * cells, spacing), the scenario's base values with the kind the axes imply, and the output with
 * its cost assumption and replica options. Numbers are shown as typed; every change goes back
 * to the view through the callbacks, which owns the state and sends `sweep-change`.
 */

import { html, nothing, type TemplateResult } from 'lit';
import { ACCELERATOR_PRESETS } from '../law/hardware';
import type { Scenario } from '../law/scenario';
import type { SweepState } from '../scenario/sweep-state';
import { outputApplies, outputLabel, SWEEP_OUTPUTS } from './charts/sweep-output';
import {
  axisIssue,
  baseFields,
  FIELD_LABELS,
  type impliedKind,
  inputText,
  SWEEP_VIEW_FIELDS,
  type SweepBaseValues,
  type SweepTextKey,
  type SweepViewField,
} from './charts/sweep-setup';

/** What the controls show, and where their changes go. */
export interface SweepControlsInput {
  /** The state's slice (last good values). */
  readonly sweep: SweepState;
  /** The slice as typed, usable or not: what the messages are about. */
  readonly shown: SweepState;
  /** Numbers as typed, by field. */
  readonly text: Partial<Record<SweepTextKey, string>>;
  /** The scenario kind the two axes imply. */
  readonly kind: ReturnType<typeof impliedKind>;
  /** The base scenario, when the kind is usable. */
  readonly base: Scenario | undefined;
  /** Replicas a run would use, and how many the fit has. */
  readonly replicaCount: number;
  readonly replicasAvailable: number;
  /** Replicas of the result shown (the spread toggle needs some). */
  readonly resultReplicas: number | undefined;
  /** The multiplier's reference series, and why the output is not offered (null: it is). */
  readonly referenceName: string | undefined;
  readonly multiplierIssue: string | null;
  /** Replicas of the result that have a reference replica of the same index to pair with. */
  readonly pairedReplicas: number | undefined;
  /** A new slice (complete and usable). */
  send(sweep: SweepState): void;
  /** A new field on an axis. */
  setField(which: 'x' | 'y', field: SweepViewField): void;
  /** A number typed into `key`. */
  onNumber(key: SweepTextKey, text: string): void;
  /** A message to show beside the Run button. */
  setNotice(notice: string): void;
}

/** Both axes, the scenario and the output, in one wrapping row of fieldsets. */
export function sweepControls(c: SweepControlsInput): TemplateResult {
  return html`<div class="controls">
      ${axisControls(c, 'x')} ${axisControls(c, 'y')} ${baseControls(c)} ${outputControls(c)}
    </div>`;
}

function axisControls(c: SweepControlsInput, which: 'x' | 'y'): TemplateResult {
  const a = c.sweep[which];
  const t = (k: 'min' | 'max' | 'count', v: number) => c.text[`${which}.${k}`] ?? inputText(v);
  const issue = axisIssue(c.shown[which], which);
  return html`<fieldset data-testid="sweep-axis-${which}">
      <legend>${which === 'x' ? 'Horizontal' : 'Vertical'} axis</legend>
      <label class="field">Field
        <select
          data-testid="sweep-field-${which}"
          @change=${(e: Event) => c.setField(which, (e.target as HTMLSelectElement).value as SweepViewField)}
        >
          ${SWEEP_VIEW_FIELDS.map((f) => html`<option value=${f} ?selected=${a.field === f}>${FIELD_LABELS[f]}</option>`)}
        </select>
      </label>
      <label class="field">Min
        <input type="text" data-testid="sweep-min-${which}" .value=${t('min', a.min)} aria-invalid=${issue !== null}
          @input=${(e: Event) => c.onNumber(`${which}.min`, (e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">Max
        <input type="text" data-testid="sweep-max-${which}" .value=${t('max', a.max)} aria-invalid=${issue !== null}
          @input=${(e: Event) => c.onNumber(`${which}.max`, (e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">Cells
        <input type="text" class="count" data-testid="sweep-count-${which}" .value=${t('count', a.count)}
          @input=${(e: Event) => c.onNumber(`${which}.count`, (e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">Spacing
        <select data-testid="sweep-spacing-${which}" @change=${(e: Event) => {
          const spacing = (e.target as HTMLSelectElement).value === 'log' ? 'log' : 'linear';
          const axis = { ...a, spacing } as const;
          const issue = axisIssue(axis, which);
          if (issue === null) c.send({ ...c.sweep, [which]: axis });
          else {
            (e.target as HTMLSelectElement).value = a.spacing;
            c.setNotice(`Spacing not changed: ${issue}`);
          }
        }}>
          <option value="log" ?selected=${a.spacing === 'log'}>log</option>
          <option value="linear" ?selected=${a.spacing === 'linear'}>linear</option>
        </select>
      </label>
      ${issue ? html`<span class="issue" role="alert" data-testid="sweep-axis-issue">${issue}</span>` : nothing}
    </fieldset>`;
}

function baseControls(c: SweepControlsInput): TemplateResult {
  const { kind: k, sweep } = c;
  const fields = k.ok ? baseFields(k.kind, sweep.x, sweep.y) : [];
  const mfuSwept = sweep.x.field === 'mfu' || sweep.y.field === 'mfu';
  const number = (key: keyof SweepBaseValues, label: string) =>
    html`<label class="field">${label}
        <input type="text" data-testid="sweep-base-${key}" .value=${c.text[`base.${key}`] ?? inputText(sweep.base[key])}
          @input=${(e: Event) => c.onNumber(`base.${key}`, (e.target as HTMLInputElement).value)} />
      </label>`;
  return html`<fieldset>
      <legend>Scenario</legend>
      ${
        k.ok
          ? html`<span class="kind" data-testid="sweep-kind">Kind <b>${k.kind}</b>: ${k.note}${mfuSwept ? ' · C is the budget at MFU 1, each cell trains on C × MFU' : ''}</span>`
          : html`<span class="issue" role="alert" data-testid="sweep-kind-issue">${k.reason}</span>`
      }
      ${fields.map((f) => number(f, f === 'C' && mfuSwept ? 'Budget C at MFU 1' : FIELD_LABELS[f]))}
    </fieldset>`;
}

/** Beside the output: why the multiplier is unavailable, or how many replicas it pairs. */
function multiplierNote(c: SweepControlsInput): TemplateResult | typeof nothing {
  if (c.sweep.output !== 'multiplier') return nothing;
  if (c.multiplierIssue)
    return html`<span class="issue" role="alert" data-testid="sweep-multiplier-issue">Multiplier ${c.multiplierIssue}</span>`;
  const paired = c.pairedReplicas;
  if (paired === undefined || c.resultReplicas === undefined || c.resultReplicas === 0)
    return nothing;
  return html`<span class="muted" data-testid="sweep-multiplier-pairs">${paired} of ${c.resultReplicas} replicas paired by index with ${c.referenceName}'s</span>`;
}

function outputControls(c: SweepControlsInput): TemplateResult {
  const { sweep, base } = c;
  const mfuSwept = sweep.x.field === 'mfu' || sweep.y.field === 'mfu';
  const nRep = c.replicaCount;
  const avail = c.replicasAvailable;
  return html`<fieldset>
      <legend>Output</legend>
      <label class="field">Show
        <select data-testid="sweep-output" @change=${(e: Event) => {
          const output = SWEEP_OUTPUTS.find((o) => o === (e.target as HTMLSelectElement).value);
          if (output) c.send({ ...sweep, output });
        }}>
          ${SWEEP_OUTPUTS.filter((o) => !base || outputApplies(o, base, sweep.x, sweep.y)).map(
            (o) => {
              const issue = o === 'multiplier' ? c.multiplierIssue : null;
              return html`<option value=${o} ?selected=${sweep.output === o} ?disabled=${issue !== null}
                title=${issue ?? nothing}>${outputLabel(o, c.referenceName)}${issue ? ' (unavailable)' : ''}</option>`;
            },
          )}
        </select>
      </label>
      ${multiplierNote(c)}
      <label class="field">Accelerator
        <select data-testid="sweep-accelerator" @change=${(e: Event) => {
          const acc = ACCELERATOR_PRESETS.find(
            (a) => a.id === (e.target as HTMLSelectElement).value,
          );
          if (acc) c.send({ ...sweep, accelerator: acc.id });
        }}>
          ${ACCELERATOR_PRESETS.map((a) => html`<option value=${a.id} ?selected=${sweep.accelerator === a.id} title=${a.source}>${a.name}</option>`)}
        </select>
      </label>
      <label class="field">$ / accelerator-hour
        <input type="text" class="count" data-testid="sweep-price" .value=${c.text.price ?? inputText(sweep.price)}
          @input=${(e: Event) => c.onNumber('price', (e.target as HTMLInputElement).value)} />
      </label>
      ${
        mfuSwept
          ? nothing
          : html`<label class="field">MFU (cost)
        <input type="text" class="count" data-testid="sweep-cost-mfu" .value=${c.text['base.mfu'] ?? inputText(sweep.base.mfu)}
          @input=${(e: Event) => c.onNumber('base.mfu', (e.target as HTMLInputElement).value)} />
      </label>`
      }
      <label class="field" title=${avail === 0 ? 'No replicas: fit with bootstrap first' : `Up to 200 replicas, fewer for large sweeps (memory): ${nRep} of ${avail} at this size`}>
        <span><input type="checkbox" data-testid="sweep-replicas" ?disabled=${avail === 0} .checked=${sweep.useReplicas}
          @change=${(e: Event) => c.send({ ...sweep, useReplicas: (e.target as HTMLInputElement).checked })} />
          Replicas${sweep.useReplicas ? ` (${nRep})` : ''}</span>
        <span><input type="checkbox" data-testid="sweep-spread" ?disabled=${!c.resultReplicas} .checked=${sweep.showSpread}
          @change=${(e: Event) => c.send({ ...sweep, showSpread: (e.target as HTMLInputElement).checked })} />
          Show 5–95% spread</span>
      </label>
    </fieldset>`;
}
