/** Saving an export: a Blob, an object URL and a click on an <a download>. No network. */
import type { ExportFile } from './types';

/** How long an object URL outlives the click, so the browser can finish reading it. */
const REVOKE_AFTER_MS = 60_000;

/** The file's content as a Blob of its MIME type. */
export function fileBlob(file: ExportFile): Blob {
  return file.data instanceof Blob ? file.data : new Blob([file.data], { type: file.mime });
}

/** Offers `file` to the user as a download. Browser-only. */
export function downloadFile(file: ExportFile): void {
  const url = URL.createObjectURL(fileBlob(file));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
