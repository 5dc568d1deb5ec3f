/**
 * Unicode tricks in cells and headers: invisible and direction-changing characters, letters
 * from other scripts that look like Latin ones, full-width forms. Used to make messages
 * visible and specific, never to accept such text silently.
 */

/** Names of the control and invisible characters most often found in pasted cells. */
const INVISIBLE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0000, 'NUL'],
  [0x0009, 'tab'],
  [0x000a, 'line feed'],
  [0x000d, 'carriage return'],
  [0x001b, 'escape'],
  [0x00ad, 'soft hyphen'],
  [0x061c, 'Arabic letter mark'],
  [0x200b, 'zero-width space'],
  [0x200c, 'zero-width non-joiner'],
  [0x200d, 'zero-width joiner'],
  [0x200e, 'left-to-right mark'],
  [0x200f, 'right-to-left mark'],
  [0x202a, 'left-to-right embedding'],
  [0x202b, 'right-to-left embedding'],
  [0x202c, 'pop directional formatting'],
  [0x202d, 'left-to-right override'],
  [0x202e, 'right-to-left override'],
  [0x2060, 'word joiner'],
  [0x2066, 'left-to-right isolate'],
  [0x2067, 'right-to-left isolate'],
  [0x2068, 'first strong isolate'],
  [0x2069, 'pop directional isolate'],
  [0xfeff, 'byte-order mark'],
]);

/** Characters that render as nothing, change direction, or are control codes. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u;

/** Cyrillic and Greek letters (and a few Latin oddities) that look like a plain Latin letter. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ӏ: 'l',
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ı: 'i',
  ℓ: 'l',
};

/** `U+202E` with a name where one is known: `U+202E (right-to-left override)`. */
export function codePointLabel(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = INVISIBLE_NAMES.get(cp);
  return name ? `${hex} (${name})` : hex;
}

/** The first invisible, direction-changing or control character in `text`, if any. */
export function firstInvisible(text: string): string | undefined {
  return INVISIBLE.exec(text)?.[0];
}

/**
 * Makes hidden characters visible in text that is already JSON-quoted: control, format, line
 * and paragraph separator characters, and every space other than U+0020, become `\uXXXX`.
 */
export function revealHidden(quoted: string): string {
  return quoted.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/gu, (c) => {
    if (c === ' ') return c;
    const cp = c.codePointAt(0) ?? 0;
    return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
  });
}

/** How one non-ASCII character in a would-be ASCII word differs from what it looks like. */
function describeOddChar(ch: string): string {
  const label = codePointLabel(ch);
  if (INVISIBLE.test(ch)) return `an invisible character, ${label}`;
  const cp = ch.codePointAt(0) ?? 0;
  const latin = LOOKALIKES[ch.toLowerCase()];
  if (latin) {
    const script =
      cp >= 0x0400 && cp <= 0x052f
        ? 'Cyrillic'
        : cp >= 0x0370 && cp <= 0x03ff
          ? 'Greek'
          : 'non-ASCII';
    return `"${ch}" (${label}), a ${script} letter that looks like Latin "${latin}"`;
  }
  if (cp >= 0xff01 && cp <= 0xff5e) return `the full-width character "${ch}" (${label})`;
  return `the non-ASCII character "${ch}" (${label})`;
}

/**
 * What `text` reads as once invisible characters are removed, compatibility forms folded
 * (full-width letters and digits) and lookalike letters replaced by the Latin ones.
 */
export function foldToAscii(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC')) {
    if (INVISIBLE.test(ch)) continue;
    const lower = ch.toLowerCase();
    const latin = LOOKALIKES[lower];
    out += latin ? (ch === lower ? latin : latin.toUpperCase()) : ch;
  }
  return out;
}

/**
 * The first character of `text` that is not printable ASCII, described for a message (for
 * example `"а" (U+0430), a Cyrillic letter that looks like Latin "a"`), or undefined.
 */
export function describeFirstOddChar(text: string): string | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp > 0x7e) return describeOddChar(ch);
  }
  return undefined;
}
