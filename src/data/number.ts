/**
 * Parsing of numeric cells: plain (`1400`), scientific (`1.4e12`) and suffixed (`70B`, `1.4T`).
 *
 * Accepted: optional sign, digits with an optional decimal point (`.5` and `5.` too), an optional
 * exponent, then an optional magnitude suffix K (1e3), M (1e6), B or G (1e9), T (1e12), any case,
 * optionally after one space. Surrounding whitespace is trimmed. Suffix and exponent do not mix.
 *
 * Rejected, each with its own reason: empty cells, text, NaN, Infinity, hexadecimal / binary /
 * octal literals, values that overflow f64, spreadsheet formulas, and commas. Commas are refused
 * on purpose: `1,000` is a thousands separator to some and a decimal comma (1.0) to others, so no
 * reading of it is safe.
 */

/** Result of parsing one cell. */
export type QuantityResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: string };

/** Magnitude suffixes, lower-cased. */
const SUFFIXES: Readonly<Record<string, number>> = {
  k: 1e3,
  m: 1e6,
  b: 1e9,
  g: 1e9,
  t: 1e12,
};

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SUFFIXED = /^([+-]?(?:\d+\.?\d*|\.\d+)) ?([kKmMbBgGtT])$/;
const RADIX_LITERAL = /^[+-]?0[xXbBoO][0-9a-fA-F_]*$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity|∞)$/i;

/** Longest excerpt of an offending cell quoted in a reason. */
const QUOTE_LIMIT = 40;

/**
 * Quotes a cell for a message: JSON-escaped (control characters visible) and cut to 40
 * characters. The result is plain text; render it as text, never as HTML.
 */
export function quoteCell(text: string): string {
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return JSON.stringify(cut);
}

/** Parses one numeric cell; never throws. */
export function parseQuantity(text: string): QuantityResult {
  const s = text.trim();
  if (s === '') return { ok: false, reason: 'empty cell' };
  if (DECIMAL.test(s)) return finite(Number(s), s);
  const suffixed = SUFFIXED.exec(s);
  if (suffixed) {
    const mantissa = Number(suffixed[1]);
    const scale = SUFFIXES[suffixed[2]!.toLowerCase()]!;
    return finite(mantissa * scale, s);
  }
  return { ok: false, reason: whyNot(s) };
}

function finite(value: number, s: string): QuantityResult {
  if (Number.isFinite(value)) return { ok: true, value };
  return { ok: false, reason: `${quoteCell(s)} is too large for a 64-bit float` };
}

function whyNot(s: string): string {
  const q = quoteCell(s);
  if (NON_FINITE.test(s)) return `${q} is not a finite number`;
  if (RADIX_LITERAL.test(s)) {
    return `${q} is a hexadecimal/binary/octal literal; write the number in decimal`;
  }
  if (/^[=+\-@]/.test(s)) {
    return `${q} looks like a spreadsheet formula; formulas are not evaluated, enter the value`;
  }
  if (/^[+-]?[\d.]+(?:,[\d.]*)+(?: ?[kmbgt])?$/i.test(s)) {
    return `${q} contains a comma; write numbers without thousands separators and with '.' as the decimal point`;
  }
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+ ?[kmbgt]$/i.test(s)) {
    return `${q} mixes an exponent with a suffix; use one of them`;
  }
  if (/^[+-]?(?:\d+\.?\d*|\.\d+) ?[a-z]+$/i.test(s)) {
    return `${q} has an unknown suffix; use K, M, B or T`;
  }
  return `${q} is not a number`;
}

/** Formats a positive quantity compactly for messages: 3 significant digits, e-notation. */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}
