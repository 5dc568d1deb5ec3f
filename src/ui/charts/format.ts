/** Number formatting for axes, labels and the hover readout. Pure, no DOM. */

const UNITS = [
  { power: 12, suffix: 'T' },
  { power: 9, suffix: 'B' },
  { power: 6, suffix: 'M' },
  { power: 3, suffix: 'K' },
] as const;

function trimmed(x: number, digits: number): string {
  return Number.parseFloat(x.toPrecision(digits)).toString();
}

/**
 * A count in human units: 1e7 -> "10M", 1.4e12 -> "1.4T", 3e15 -> "3000T".
 * `digits` significant digits are kept; trailing zeros are dropped.
 */
export function formatCount(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  for (const { power, suffix } of UNITS) {
    const unit = 10 ** power;
    if (abs >= unit * 0.9995) return `${trimmed(x / unit, digits)}${suffix}`;
  }
  return trimmed(x, digits);
}

/** A power of ten written as "1e21"; other values as "3.2e21". */
export function formatScientific(x: number, digits = 2): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const exponent = Math.floor(Math.log10(Math.abs(x)) + 1e-12);
  const mantissa = x / 10 ** exponent;
  const m = trimmed(mantissa, digits);
  if (m === '10') return `1e${exponent + 1}`;
  return `${m}e${exponent}`;
}

/** Label of an isoFLOP line: "1e21 FLOPs". */
export function formatFlops(C: number): string {
  return `${formatScientific(C)} FLOPs`;
}

/** A loss value with enough decimals for its size ("1.937", "12.5"). */
export function formatLoss(L: number, digits = 4): string {
  if (!Number.isFinite(L)) return String(L);
  return trimmed(L, digits);
}

/** A law constant for a text input: up to 6 significant digits, no exponent below 1e6. */
export function formatParam(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return x.toExponential(4).replace(/\.?0+e/, 'e');
  return trimmed(x, 6);
}

/**
 * Parses what a person typed into a numeric field. Accepts decimal and exponent notation
 * ("0.34", "4e2"); anything else, including an empty field, gives NaN.
 */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return Number.NaN;
  return Number(t);
}
