/**
 * Export of a standalone Python script (numpy and scipy only) that reproduces the point fit of
 * a method on the user's CSV: it reads the file with the csv module as the app's import does
 * (column mapping, unit multipliers, D from C = k N D or C from D, per-run reduction, excluded
 * rows, the series shown), fits by the same method (Approach 3: scipy L-BFGS-B from the same
 * starts; Approach 2 and the compute-only law: numpy least squares), and prints the parameters
 * and the objective, then one JSON line. Its settings sit in a JSON literal at the top so a
 * user can edit them. Pure, no DOM.
 */
import type { CsvDelimiter } from '../data/csv';
import type { ColumnMapping } from '../data/mapping';
import { type Approach2Options, resolveApproach2Options } from '../fit/approach2';
import { DEFAULT_FIT_OPTIONS, type FitOptions } from '../fit/types';
import { DEFAULT_FLOPS_PER_PARAM_TOKEN } from '../law/law';
import { PY_APPROACH3 } from './python-script-approach3';
import { PY_APPROACH2, PY_COMPUTE_ONLY, PY_ISOFLOP } from './python-script-isoflop';
import { PY_MAIN, PY_READ } from './python-script-read';

/** The methods the script can reproduce (ids of src/fit/methods.ts). */
export const PYTHON_SCRIPT_METHODS = ['approach3', 'approach2', 'compute-only'] as const;
export type PythonScriptMethod = (typeof PYTHON_SCRIPT_METHODS)[number];

/** What the script reproduces: the method, its options, and where and how the runs are read. */
export interface PythonScriptInput {
  /** Fit method id. */
  readonly method: PythonScriptMethod;
  /**
   * The app's one options object: FitOptions for Approach 3 (absent fields: their defaults),
   * Approach2Options (tolerance, k, target) for Approach 2 and the compute-only law.
   */
  readonly options: Partial<FitOptions> & Partial<Approach2Options>;
  /** The CSV's file name, read from the script's folder unless a path is given on the command line. */
  readonly csvName: string;
  /** The column mapping in effect (RunsImport.mapping): fields, unit multipliers, per-run reduction. */
  readonly mapping: ColumnMapping;
  /** Spreadsheet row numbers the user excluded (absent: none). */
  readonly excludedRows?: readonly number[];
  /** The series fitted (absent or null: every run). */
  readonly series?: string | null;
  /** k in C = k N D used by the import (absent: 6). */
  readonly flopsPerParamToken?: number;
  /** The delimiter, when the import forced one (absent: detected as the app does). */
  readonly delimiter?: CsvDelimiter;
}

/** The Approach-3 options the script reads, every optional field at its concrete value. */
function approach3Options(given: Partial<FitOptions>): Record<string, unknown> {
  const o = { ...DEFAULT_FIT_OPTIONS, ...given };
  return {
    delta: o.delta,
    tieExponents: o.tieExponents,
    starts: o.starts,
    seed: o.seed,
    residualLoss: o.residualLoss ?? 'huber',
    deltaRule: o.deltaRule ?? { kind: 'fixed' },
    overPenalty: o.overPenalty ?? 1,
    weighting: o.weighting ?? 'none',
    fixed: o.fixed ?? {},
  };
}

/** The isoFLOP options the script reads (Approach 2 and the compute-only law). */
function isoflopOptions(given: unknown): Record<string, unknown> {
  const o = resolveApproach2Options(given);
  return { tolerance: o.tolerance, k: o.k, target: o.target };
}

/** The settings embedded at the top of the script (the JSON literal a user edits). */
export function pythonScriptConfig(input: PythonScriptInput): Record<string, unknown> {
  if (!(PYTHON_SCRIPT_METHODS as readonly string[]).includes(input.method)) {
    throw new Error(
      `no Python export for method ${JSON.stringify(input.method)} (expected one of ${PYTHON_SCRIPT_METHODS.join(', ')})`,
    );
  }
  const columns: Record<string, string> = {};
  for (const [field, header] of Object.entries(input.mapping.fields)) {
    if (header !== undefined && header !== '') columns[field] = header;
  }
  return {
    method: input.method,
    csv: input.csvName,
    delimiter: input.delimiter ?? null,
    columns,
    scale: { N: input.mapping.scale.N ?? 1, D: input.mapping.scale.D ?? 1 },
    perRun: input.mapping.perRun ?? 'all',
    flopsPerParamToken: input.flopsPerParamToken ?? DEFAULT_FLOPS_PER_PARAM_TOKEN,
    excludedRows: [...(input.excludedRows ?? [])].sort((a, b) => a - b),
    series: input.series ?? null,
    options:
      input.method === 'approach3'
        ? approach3Options(input.options)
        : isoflopOptions(input.options),
  };
}

const LABELS: Readonly<Record<PythonScriptMethod, string>> = {
  approach3: 'Approach 3 (Hoffmann et al. 2022): the whole law L = E + A/N^alpha + B/D^beta',
  approach2: 'Approach 2 (Hoffmann et al. 2022): isoFLOP parabolas and power laws',
  'compute-only': 'the compute-only law L*(C) = E + A C^-alpha through the isoFLOP minima',
};

const AT_KEYS: Readonly<Record<PythonScriptMethod, string>> = {
  approach3: 'a, b, e, alpha, beta (or E, A, B, alpha, beta), and optionally delta',
  approach2: 'a, kN',
  'compute-only': 'E, A, alpha',
};

/**
 * JSON for a raw triple-quoted Python string: apostrophes as \u0027 (still JSON), so no
 * header name can end the literal; JSON never has three quotes in a row.
 */
function configLiteral(config: Record<string, unknown>): string {
  return JSON.stringify(config, null, 2)
    .replace(/'/g, '\\u0027')
    .replace(
      /\[\s+([-+.\deE,\s]+?)\s+\]/g,
      (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`,
    );
}

function header(input: PythonScriptInput, config: Record<string, unknown>): string {
  return `#!/usr/bin/env python3
"""Scaling Sweep: a standalone reproduction of a point fit, with numpy and scipy only.

Method: ${LABELS[input.method]}.

    python3 this_script.py [data.csv] [--at JSON] [--no-fit]

Reads the CSV named in CONFIG below (beside this script) or the one given. Edit CONFIG to
change the column mapping or the options. --at JSON (or the environment variable
SCALING_SWEEP_AT) also evaluates the objective at the given parameters: ${AT_KEYS[input.method]}.
--no-fit skips the fit. The last line printed is one JSON object with the method, the number
of runs, the parameters and the objective (and "at").
"""

import csv
import io
import json
import math
import os
import re
import sys

import numpy as np
from scipy.optimize import ${input.method === 'approach3' ? 'minimize' : 'minimize_scalar'}

CONFIG = json.loads(r"""
${configLiteral(config)}
""")
`;
}

const SECTIONS: Readonly<Record<PythonScriptMethod, readonly string[]>> = {
  approach3: [PY_APPROACH3, 'FIT = approach3\n'],
  approach2: [PY_ISOFLOP, PY_APPROACH2, 'FIT = approach2\n'],
  'compute-only': [PY_ISOFLOP, PY_COMPUTE_ONLY, 'FIT = compute_only\n'],
};

/**
 * The Python script that reproduces the point fit of `input.method` on the file `input.csvName`
 * read with `input.mapping`, minus the excluded rows, restricted to `input.series`. Throws an
 * Error for a method it cannot export.
 */
export function pythonFitScript(input: PythonScriptInput): string {
  const config = pythonScriptConfig(input);
  return [header(input, config), PY_READ, ...SECTIONS[input.method], PY_MAIN].join('\n\n');
}
