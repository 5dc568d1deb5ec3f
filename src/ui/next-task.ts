/** Yielding the UI thread between steps of long work. */

/**
 * Resolves in a later task, so that the page can draw and take input in between: one long
 * task split at an `await nextTask()` counts as two for the browser (and for the user).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
