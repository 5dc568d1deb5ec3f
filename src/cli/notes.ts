/** The CLI's stderr: each distinct message written once, so that no note repeats itself. */

/** A stream that takes text. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * `sink`, with every write whose text was written before dropped (a note raised once per
 * series, thread or start reads once).
 */
export function notesOnce(sink: TextSink): TextSink {
  const seen = new Set<string>();
  return {
    write(text: string) {
      if (seen.has(text)) return true;
      seen.add(text);
      return sink.write(text);
    },
  };
}
