/** What an export produces and how a view offers it: shared by src/export and <export-menu>. */

/** One file an export produces. */
export interface ExportFile {
  /** File name offered to the browser, e.g. `scaling-sweep-surface.svg`. */
  readonly filename: string;
  /** MIME type, e.g. `image/svg+xml`, `text/csv;charset=utf-8`. */
  readonly mime: string;
  readonly data: string | Blob;
}

/** One entry of an export menu: a label and the producer behind it. */
export interface ExportAction {
  /** Stable id, used for test ids and as the button's `data-action`. */
  readonly id: string;
  /** Button text, e.g. "SVG", "PNG 2x", "CSV". */
  readonly label: string;
  /** Longer description for the button's tooltip and accessible name. */
  readonly description?: string;
  /**
   * 'download' (default) saves the file; 'text' shows it in a read-only text box with Copy
   * and Download buttons (for the methods paragraph).
   */
  readonly kind?: 'download' | 'text';
  /** Builds the file; may throw or reject, and the menu then shows the message as text. */
  readonly produce: () => Promise<ExportFile> | ExportFile;
}

/** Prefix of every exported file name. */
export const FILE_PREFIX = 'scaling-sweep';

/** `scaling-sweep-<name>.<extension>`, with `name` reduced to [a-z0-9-]. */
export function exportFilename(name: string, extension: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${FILE_PREFIX}${slug ? `-${slug}` : ''}.${extension}`;
}
