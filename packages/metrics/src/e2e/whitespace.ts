/**
 * Whitespace classes of the languages the official scorer is written in, so that text is split where
 * the official pipeline splits it (JS `\s` differs from both: it includes U+FEFF, excludes U+0085).
 */

/** Perl `\s` on character strings (mteval reads its files with the :utf8 layer). */
export const PERL_SPACE = '\\t\\n\\x0B\\f\\r \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

/** Python 3 `str.isspace()` characters, used by `str.strip()` in measure_scores.py. */
export const PY_SPACE = '\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

/** Python `str.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(PY_STRIP, '');
}

/** Python `str.splitlines()` boundaries (codecs readers iterate lines with them). */
export const PY_LINE_BREAK = /\r\n|[\n\r\x0B\f\x1C\x1D\x1E\x85\u2028\u2029]/;
