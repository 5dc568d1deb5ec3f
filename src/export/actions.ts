/**
 * Export actions for <export-menu>: a view lists what it offers (SVG and PNG of a chart, CSV,
 * JSON, text) with a producer per entry, and the menu does the rest. Producers run only when
 * clicked, so building the list costs nothing.
 */
import { composeFigure, type FigureSpec } from './figure';
import { figurePng } from './png';
import { type ExportAction, exportFilename } from './types';

/** Options shared by the action factories. */
export interface ActionOptions {
  /** Button id (default: the kind, e.g. 'csv'); must be unique within a menu. */
  readonly id?: string;
  readonly label?: string;
  readonly description?: string;
}

/**
 * "SVG" and "PNG 2x" of one chart: `scaling-sweep-<name>.svg` and `scaling-sweep-<name>-2x.png`.
 * `spec` is called at click time, so it can look its elements up then.
 */
export function figureActions(
  name: string,
  spec: () => FigureSpec,
  what = 'the chart',
  ids: { svg?: string; png?: string } = {},
): ExportAction[] {
  return [
    {
      id: ids.svg ?? 'svg',
      label: 'SVG',
      description: `Download ${what} as SVG (vector, with legend and axis labels)`,
      produce: async () => ({
        filename: exportFilename(name, 'svg'),
        mime: 'image/svg+xml',
        data: (await composeFigure(spec())).svg,
      }),
    },
    {
      id: ids.png ?? 'png',
      label: 'PNG 2x',
      description: `Download ${what} as PNG at twice its screen size`,
      produce: async () => ({
        filename: exportFilename(`${name}-2x`, 'png'),
        mime: 'image/png',
        data: await figurePng(await composeFigure(spec()), 2),
      }),
    },
  ];
}

/** A CSV download, `scaling-sweep-<name>.csv` (a Blob for files too large for one string). */
export function csvAction(
  name: string,
  produce: () => string | Blob | Promise<string | Blob>,
  options: ActionOptions = {},
): ExportAction {
  return {
    id: options.id ?? 'csv',
    label: options.label ?? 'CSV',
    description: options.description ?? 'Download the data as CSV',
    produce: async () => ({
      filename: exportFilename(name, 'csv'),
      mime: 'text/csv;charset=utf-8',
      data: await produce(),
    }),
  };
}

/** A JSON download, `scaling-sweep-<name>.json`. */
export function jsonAction(
  name: string,
  produce: () => string | Promise<string>,
  options: ActionOptions = {},
): ExportAction {
  return {
    id: options.id ?? 'json',
    label: options.label ?? 'JSON',
    description: options.description ?? 'Download as JSON',
    produce: async () => ({
      filename: exportFilename(name, 'json'),
      mime: 'application/json',
      data: await produce(),
    }),
  };
}

/** Text shown in the menu's text box (Copy, or download as `scaling-sweep-<name>.txt`). */
export function textAction(
  name: string,
  produce: () => string | Promise<string>,
  options: ActionOptions = {},
): ExportAction {
  return {
    id: options.id ?? 'text',
    label: options.label ?? 'Text',
    kind: 'text',
    ...(options.description ? { description: options.description } : {}),
    produce: async () => ({
      filename: exportFilename(name, 'txt'),
      mime: 'text/plain;charset=utf-8',
      data: await produce(),
    }),
  };
}
