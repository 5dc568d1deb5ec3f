/**
 * Validation of a whole app state: what the URL decoder must always produce, and what every
 * control keeps. One message per problem; an empty list means the state is usable as it stands.
 */
import { mappingShapeProblem } from '../data/mapping';
import { FIT_LIMITS } from '../fit/run-fit';
import { validateGrid } from '../law/grid';
import { PRESET_IDS } from '../law/presets';
import { validateLaw } from '../law/validate';
import { compareIssues } from './compare-state';
import {
  builtinRef,
  type DatasetRef,
  datasetNameIssue,
  isWellFormedText,
  MAX_FILE_BYTES,
} from './dataset';
import { designIssues } from './design-state';
import { fitOptionIssues, forecastIssues } from './fit-settings';
import { frontierIssues } from './frontier-state';
import { plannerIssues } from './planner-state';
import {
  COLOUR_MAP_CHOICES,
  COLOUR_MODES,
  ENGINE_CHOICES,
  LAW_SOURCES,
  presetIdOf,
  type ScenarioState,
  VIEW_IDS,
} from './state';
import { sweepIssues } from './sweep-state';

/** Largest spreadsheet row number an exclusion may name. */
export const MAX_ROW_NUMBER = 10_000_000;

/** Most rows a state may exclude (and a URL carry). */
export const MAX_EXCLUDED_ROWS = 10_000;

/** A dataset hash: 16 lower-case hex digits (src/data/hash.ts). */
export const HASH_PATTERN = /^[0-9a-f]{16}$/;

/** Largest seed of the built-in dataset's generator (an unsigned 32-bit integer). */
export const MAX_SEED = 0xffffffff;

function lawIssues(s: ScenarioState): string[] {
  const out = validateLaw(s.law).map((i) => `law: ${i.message}`);
  if (!LAW_SOURCES.includes(s.lawSource)) out.push(`unknown law source '${String(s.lawSource)}'`);
  if (out.length > 0) return out;
  if (s.lawSource === 'preset') {
    const preset = PRESET_IDS.find((id) => id === s.presetId);
    if (!preset || presetIdOf(s.law) !== preset)
      out.push('a preset law must carry its preset id and constants');
  } else if (s.presetId !== 'custom') {
    out.push(`a ${s.lawSource} law has preset id 'custom'`);
  } else if (s.lawSource === 'custom' && presetIdOf(s.law) !== 'custom') {
    out.push("a custom law equal to a preset's constants is that preset");
  }
  return out;
}

/** Every problem with a dataset reference. */
export function datasetIssues(ref: DatasetRef): string[] {
  if (ref.source === 'builtin') {
    if (!Number.isInteger(ref.seed) || ref.seed < 0 || ref.seed > MAX_SEED)
      return [`built-in dataset seed must be a whole number from 0 to ${MAX_SEED}`];
    const expected = builtinRef(ref.seed);
    return expected.name === ref.name && expected.hash === ref.hash
      ? []
      : ['the built-in dataset name and hash must follow from its seed'];
  }
  if (ref.source !== 'user' && ref.source !== 'missing') return ['unknown dataset source'];
  const out: string[] = [];
  const name = datasetNameIssue(ref.name);
  if (name) out.push(`dataset name: ${name}`);
  if (typeof ref.hash !== 'string' || !HASH_PATTERN.test(ref.hash))
    out.push('dataset hash must be 16 hex digits');
  if (
    ref.source === 'user' &&
    (typeof ref.csv !== 'string' || ref.csv.length > MAX_FILE_BYTES || !isWellFormedText(ref.csv))
  )
    out.push('dataset text must be well-formed text within the file size limit');
  return out;
}

/** Every problem with a list of excluded rows (ascending, distinct, within bounds). */
export function excludedRowsIssues(rows: readonly number[]): string[] {
  if (!Array.isArray(rows)) return ['excluded rows must be a list'];
  if (rows.length > Math.min(MAX_EXCLUDED_ROWS, FIT_LIMITS.maxRuns))
    return [`at most ${MAX_EXCLUDED_ROWS} rows can be excluded`];
  for (const [i, r] of rows.entries()) {
    if (!Number.isInteger(r) || r < 1 || r > MAX_ROW_NUMBER)
      return [`excluded rows must be row numbers from 1 to ${MAX_ROW_NUMBER}`];
    if (i > 0 && r <= rows[i - 1]!) return ['excluded rows must be ascending and distinct'];
  }
  return [];
}

/** Every problem with a state; empty when it is valid. */
export function validateState(s: ScenarioState): string[] {
  const out = [...lawIssues(s)];
  out.push(...validateGrid(s.grid).map((i) => `grid: ${i.message}`));
  if (!COLOUR_MODES.includes(s.colourMode))
    out.push(`unknown colour mode '${String(s.colourMode)}'`);
  if (!COLOUR_MAP_CHOICES.includes(s.colourMap))
    out.push(`unknown colour map '${String(s.colourMap)}'`);
  if (!ENGINE_CHOICES.includes(s.enginePreference))
    out.push(`unknown engine preference '${String(s.enginePreference)}'`);
  if (!VIEW_IDS.includes(s.view)) out.push(`unknown view '${String(s.view)}'`);
  out.push(...datasetIssues(s.dataset));
  out.push(...excludedRowsIssues(s.excludedRows));
  const mappingIssue = s.columnMapping === null ? null : mappingShapeProblem(s.columnMapping);
  if (mappingIssue) out.push(`column mapping: ${mappingIssue}`);
  if (s.seriesSelection.some((n) => typeof n !== 'string' || n.trim() === '')) {
    out.push('series selection: a series name is empty');
  }
  out.push(...fitOptionIssues(s.fitOptions).map((m) => `fit options: ${m}`));
  out.push(...forecastIssues(s.forecast));
  out.push(...compareIssues(s.compare).map((m) => `compare: ${m}`));
  out.push(...designIssues(s.design).map((m) => `design: ${m}`));
  out.push(...frontierIssues(s.frontier).map((m) => `frontier: ${m}`));
  out.push(...plannerIssues(s.planner).map((m) => `planner: ${m}`));
  out.push(...sweepIssues(s.sweep).map((m) => `sweep: ${m}`));
  return out;
}
