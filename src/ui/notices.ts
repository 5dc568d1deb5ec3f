/** A place to post short messages for the status badge (e.g. uncaptured GPU errors). */

/** Holds the latest notice; fires 'change' when it changes. */
export class NoticeBoard extends EventTarget {
  private text: string | undefined;

  /** The latest notice, if any. */
  get latest(): string | undefined {
    return this.text;
  }

  /** Posts a notice; it replaces the previous one. */
  post(text: string): void {
    this.text = text;
    this.dispatchEvent(new Event('change'));
  }

  /** Clears the notice. */
  clear(): void {
    if (this.text === undefined) return;
    this.text = undefined;
    this.dispatchEvent(new Event('change'));
  }
}
