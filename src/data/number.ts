/**
 * Parsing of numeric cells: plain (`1400`), scientific (`1.4e12`) and suffixed (`70B`, `1.4T`).
 *
 * Accepted: optional sign, digits with an optional decimal point (`.5` and `5.` too), an optional
 * exponent, then an optional magnitude suffix K (1e3), M (1e6), B or G (1e9), T (1e12), any case,
 * optionally after one space. Surrounding whitespace is trimmed. Suffix and exponent do not mix.
 *
 * Rejected, each with its own reason: empty cells, text, NaN, Infinity, hexadecimal / binary /
 * octal literals, values that overflow or underflow f64, spreadsheet formulas, commas, digit
 * group separators, invisible or non-ASCII characters, and cells over {@link MAX_NUMBER_CHARS}.
 * Commas are refused on purpose: `1,000` is a thousands separator to some and a decimal comma
 * (1.0) to others, so no reading of it is safe.
 *
 * Every pattern here is linear in the cell (no nested or ambiguous repetition), and cells are
 * capped in length before any pattern runs, so a hostile cell cannot stall the page.
 */
import {
  codePointLabel,
  describeFirstOddChar,
  firstInvisible,
  foldToAscii,
  revealHidden,
} from './unicode';

/** Result of parsing one cell. */
export type QuantityResult =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly reason: string };

/** Longest numeric cell read, in characters (trimmed); 1e308 written out in full is 309. */
export const MAX_NUMBER_CHARS = 400;

/** Magnitude suffixes, lower-cased. */
const SUFFIXES: Readonly<Record<string, number>> = {
  k: 1e3,
  m: 1e6,
  b: 1e9,
  g: 1e9,
  t: 1e12,
};

const MANTISSA = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)`;
const DECIMAL = new RegExp(`^${MANTISSA}(?:[eE][+-]?\\d+)?$`);
const SUFFIXED = new RegExp(`^(${MANTISSA}) ?([kKmMbBgGtT])$`);
const EXPONENT_WITHOUT_DIGITS = new RegExp(`^${MANTISSA}[eE][+-]?$`);
const EXPONENT_AND_SUFFIX = new RegExp(`^${MANTISSA}[eE][+-]?\\d+ ?[kmbgt]$`, 'i');
const UNKNOWN_SUFFIX = new RegExp(`^${MANTISSA} ?[a-z]+$`, 'i');
const SEVERAL_SIGNS = new RegExp(`^[+-]{2,}${MANTISSA.slice('[+-]?'.length)}(?:[eE][+-]?\\d+)?$`);
const RADIX_LITERAL = /^[+-]?0[xXbBoO][0-9a-fA-F_]*$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity|∞)$/i;
const COMMA = /^[+-]?[\d.]+(?:,[\d.]*)+(?: ?[kmbgt])?$/i;
/** Digits grouped by underscores, apostrophes or (no-break, thin) spaces: `1_000`, `1 000`. */
const GROUPED = /^[+-]?\d+(?:[_' \u00a0\u2009\u202f]\d+)+(?:\.\d*)?(?: ?[kmbgt])?$/i;

/** A number written with digits of another script (Arabic-Indic, Devanagari, ...). */
const OTHER_DIGITS = /^[+-]?[\p{Nd}.]+(?:[eE][+-]?\p{Nd}+)?$/u;

const SEPARATOR_NAMES: Readonly<Record<string, string>> = {
  _: 'underscores',
  "'": 'apostrophes',
  ' ': 'spaces',
  '\u00a0': 'no-break spaces (U+00A0)',
  '\u2009': 'thin spaces (U+2009)',
  '\u202f': 'narrow no-break spaces (U+202F)',
};

/** Longest excerpt of an offending cell quoted in a reason. */
const QUOTE_LIMIT = 40;

/**
 * Quotes a cell for a message: JSON-escaped, cut to 40 characters, with control, invisible and
 * direction-changing characters and unusual spaces shown as `\uXXXX`, so a right-to-left
 * override cannot reorder the message. The result is plain text; render it as text, never as
 * HTML.
 */
export function quoteCell(text: string): string {
  const cut = text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
  return revealHidden(JSON.stringify(cut));
}

/** Parses one numeric cell; never throws and never returns a non-finite value. */
export function parseQuantity(text: string): QuantityResult {
  const s = text.trim();
  if (s === '') return { ok: false, reason: 'empty cell' };
  if (s.length > MAX_NUMBER_CHARS) {
    return {
      ok: false,
      reason: `${quoteCell(s)} is ${s.length.toLocaleString('en-US')} characters long; a number cell has at most ${MAX_NUMBER_CHARS}`,
    };
  }
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
  if (!Number.isFinite(value)) {
    return { ok: false, reason: `${quoteCell(s)} is too large for a 64-bit float` };
  }
  if (value === 0 && /[1-9]/.test(s.split(/[eE]/)[0]!)) {
    return {
      ok: false,
      reason: `${quoteCell(s)} is too small for a 64-bit float (it rounds to 0)`,
    };
  }
  return { ok: true, value };
}

function whyNot(s: string): string {
  const q = quoteCell(s);
  if (s.includes('\ufffd')) {
    return `${q} contains U+FFFD, the mark left by bytes that are not valid UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8) and load it again`;
  }
  const hidden = firstInvisible(s);
  if (hidden) {
    return `${q} contains an invisible or control character, ${codePointLabel(hidden)}; delete it and type the value again`;
  }
  if (NON_FINITE.test(s)) return `${q} is not a finite number`;
  if (RADIX_LITERAL.test(s)) {
    return `${q} is a hexadecimal/binary/octal literal; write the number in decimal`;
  }
  if (EXPONENT_WITHOUT_DIGITS.test(s)) {
    return `${q} has an exponent with no digits after the "e"; write it like 1.4e12`;
  }
  if (SEVERAL_SIGNS.test(s)) return `${q} has more than one sign; use a single + or -`;
  if (!/\d/.test(s) && /^[+\-.eE]+$/.test(s)) return `${q} has no digits`;
  if (/^[=+\-@]/.test(s)) {
    return `${q} looks like a spreadsheet formula; formulas are not evaluated, enter the value`;
  }
  if (COMMA.test(s)) {
    return `${q} contains a comma; write numbers without thousands separators and with '.' as the decimal point`;
  }
  const grouped = GROUPED.exec(s);
  if (grouped) {
    const sep = /[_' \u00a0\u2009\u202f]/.exec(s)![0];
    return `${q} groups digits with ${SEPARATOR_NAMES[sep]}; write the number without separators, like 1000000`;
  }
  if (/\P{ASCII}/u.test(s)) {
    const folded = foldToAscii(s).replace(/[\u2010-\u2015\u2212\ufe63\uff0d]/g, '-');
    if (DECIMAL.test(folded) || SUFFIXED.test(folded) || OTHER_DIGITS.test(s)) {
      return `${q} contains ${describeFirstOddChar(s)}; type the number with ASCII digits 0-9, '.', 'e', '+' and '-'`;
    }
  }
  if (EXPONENT_AND_SUFFIX.test(s)) return `${q} mixes an exponent with a suffix; use one of them`;
  if (UNKNOWN_SUFFIX.test(s)) return `${q} has an unknown suffix; use K, M, B or T`;
  return `${q} is not a number`;
}

/** Formats a positive quantity compactly for messages: 3 significant digits, e-notation. */
export function formatQuantity(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}
