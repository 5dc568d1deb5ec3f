/**
 * Reads an exported CSV back as the tools its users open it with would: pandas
 * (`read_csv(path, comment='#')`) and R (`read.csv(path, comment.char = '#')`) skip every line
 * that starts with `#`, and take the first other line as the column header. Both also cut a
 * data line at a `#` outside quotes, so this reader fails on any such `#`, rather than hide a
 * row that those tools would truncate. Cells are RFC 4180 (double quotes, doubled inside),
 * records end in CRLF, the file in a final CRLF. Written for the tests, independent of the
 * app's importer.
 */

/** An exported CSV, taken apart. */
export interface ReadCsv {
  /** The comment lines, in order, without their `# `. */
  readonly comments: readonly string[];
  /** The comment lines as `key: value` pairs (the last value of a repeated key wins). */
  readonly meta: Readonly<Record<string, string>>;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The cells of one record (no line breaks inside cells, as in every export here). */
export function splitRecord(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '#') throw new Error(`a "#" outside quotes would cut this line: ${line}`);
    else cell += ch;
  }
  if (quoted) throw new Error(`unterminated quote: ${line}`);
  cells.push(cell);
  return cells;
}

/** Takes an exported CSV apart as pandas with `comment='#'` would (see the module comment). */
export function readCsv(text: string): ReadCsv {
  if (!text.endsWith('\r\n')) throw new Error('the file does not end in CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  const comments: string[] = [];
  const meta: Record<string, string> = {};
  const records: string[][] = [];
  for (const line of lines) {
    if (line.includes('\n') || line.includes('\r')) throw new Error(`a bare line break: ${line}`);
    if (line.startsWith('#')) {
      if (records.length > 0) throw new Error(`a comment line after the header: ${line}`);
      const body = line.replace(/^# ?/, '');
      comments.push(body);
      const m = /^([^:]+): (.*)$/.exec(body);
      if (m) meta[m[1]!] = m[2]!;
      continue;
    }
    records.push(splitRecord(line));
  }
  const [header, ...rows] = records;
  if (!header) throw new Error('no column header');
  return { comments, meta, header, rows };
}
