/**
 * The Frontier view's slice of the app state: which published laws are overlaid, which reference
 * rules and models are drawn, whether the series of the last per-series fit are overlaid, and
 * the budgets of the readout table. The planner's constraints (U, q) live in the planner slice.
 */
import { PRESET_IDS, type PresetId } from '../law/presets';
import { formatQuantity } from '../law/scenario';
import { MAX_QUANTITY } from './sweep-fields';

export interface FrontierState {
  /** Overlaid presets, in {@link PRESET_IDS} order, each once. */
  readonly overlays: readonly PresetId[];
  readonly showKaplan: boolean;
  readonly showRatio: boolean;
  readonly showModels: boolean;
  /** Whether every fitted series of the last per-series fit is drawn (when there are two or more). */
  readonly showSeries: boolean;
  /** Budgets (FLOPs) of the readout table rows. */
  readonly readoutBudgets: readonly number[];
}

/** Most rows of the readout table. */
export const MAX_READOUT_BUDGETS = 12;

export const DEFAULT_FRONTIER: FrontierState = {
  overlays: [],
  showKaplan: true,
  showRatio: true,
  showModels: false,
  showSeries: true,
  readoutBudgets: [1e21, 1e23, 1e25],
};

/** Why a list of readout budgets cannot be used, or null. */
export function readoutIssue(budgets: readonly number[]): string | null {
  if (!Array.isArray(budgets) || budgets.length === 0) return 'give at least one budget';
  if (budgets.length > MAX_READOUT_BUDGETS)
    return `at most ${MAX_READOUT_BUDGETS} budgets, got ${budgets.length}`;
  for (const C of budgets) {
    if (typeof C !== 'number' || !(C > 0) || !Number.isFinite(C))
      return `budgets must be positive numbers, got ${formatQuantity(C)}`;
    if (C > MAX_QUANTITY)
      return `budgets must be at most ${formatQuantity(MAX_QUANTITY)}, got ${formatQuantity(C)}`;
  }
  return null;
}

/** Overlay ids sorted into preset order without repeats; null if one is not a preset. */
export function normaliseOverlays(ids: readonly string[]): PresetId[] | null {
  if (!ids.every((id) => (PRESET_IDS as readonly string[]).includes(id))) return null;
  return PRESET_IDS.filter((id) => ids.includes(id));
}

/** Every problem with a frontier slice. */
export function frontierIssues(f: FrontierState): string[] {
  const out: string[] = [];
  const overlays = Array.isArray(f.overlays) ? normaliseOverlays(f.overlays) : null;
  if (
    !overlays ||
    overlays.length !== f.overlays.length ||
    overlays.some((id, i) => id !== f.overlays[i])
  )
    out.push('overlays must be distinct preset ids in preset order');
  for (const k of ['showKaplan', 'showRatio', 'showModels', 'showSeries'] as const)
    if (typeof f[k] !== 'boolean') out.push(`${k} must be true or false`);
  const readout = readoutIssue(f.readoutBudgets);
  if (readout) out.push(`readout: ${readout}`);
  return out;
}

/** A frontier slice with a preset overlaid (`on`) or not. */
export function withOverlay(f: FrontierState, id: PresetId, on: boolean): FrontierState {
  const ids = new Set(f.overlays);
  if (on) ids.add(id);
  else ids.delete(id);
  return { ...f, overlays: PRESET_IDS.filter((p) => ids.has(p)) };
}
