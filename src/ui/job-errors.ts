/**
 * How a job that rejected ends in the UI: as a cancel (nothing to show) or as a failure (a
 * message). A job is cancelled only when its own AbortSignal was aborted, by the user's Cancel
 * or by newer input superseding it. An AbortError from anywhere else (a mapping cut short by a
 * device loss the engine did not recover from, an engine disposed under the job) is a failure
 * the user must see, or the job would end silently.
 */
import { isAbortError } from '../engine/abort';

/** True when the job ended because its own signal was aborted: whatever it threw is moot. */
export function isOwnCancel(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** The text of an error, whatever was thrown. */
function messageOf(e: unknown): string {
  if (e instanceof Error || e instanceof DOMException) return e.message;
  return String(e);
}

/**
 * The message to show for a job that rejected with `error` while its signal was `signal`, or
 * undefined when the job was cancelled (its own signal aborted). An AbortError the job's signal
 * did not cause says it was stopped by the engine, with the error's own words when it has any.
 */
export function jobFailureMessage(error: unknown, signal: AbortSignal): string | undefined {
  if (isOwnCancel(signal)) return undefined;
  const message = messageOf(error).trim();
  if (!isAbortError(error)) return message || 'The job failed without a message.';
  return `Stopped before it finished by the engine, not by you${message ? ` (${message})` : ''}. The GPU may have been lost or the engine restarted; run it again.`;
}
