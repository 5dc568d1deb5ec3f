/**
 * The workspace's error types. Every failure of the store is one of these, each with a message
 * written for the user (what failed, why, and that the app goes on in memory).
 */

/** Base class of every workspace failure. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

/** Why the workspace cannot be used at all. */
export type UnavailableReason = 'missing' | 'open-failed' | 'blocked' | 'closed';

/** IndexedDB is missing, refused to open, is blocked by another tab, or was closed. */
export class WorkspaceUnavailableError extends WorkspaceError {
  override name = 'WorkspaceUnavailableError';
  constructor(
    readonly reason: UnavailableReason,
    message: string,
  ) {
    super(message);
  }
}

/** A write did not fit in the browser's storage quota. */
export class WorkspaceQuotaError extends WorkspaceError {
  override name = 'WorkspaceQuotaError';
  constructor(
    message: string,
    /** Bytes of the entry that did not fit. */
    readonly entryBytes: number,
    /** Bytes still free, when the browser says. */
    readonly freeBytes: number | undefined,
  ) {
    super(message);
  }
}

/** The entry asked for does not exist. */
export class WorkspaceNotFoundError extends WorkspaceError {
  override name = 'WorkspaceNotFoundError';
}

/** The caller handed the store a record it cannot save (e.g. an empty name). */
export class WorkspaceInputError extends WorkspaceError {
  override name = 'WorkspaceInputError';
}

/** Any other IndexedDB failure during a call, named by the operation. */
export class WorkspaceOperationError extends WorkspaceError {
  override name = 'WorkspaceOperationError';
}

/** The app goes on without storage: the tail of every notice. */
export const IN_MEMORY =
  'The app goes on in memory; this session’s work is kept until the page closes.';
