/**
 * mteval-v13a text normalisation (its default `tokenization` sub, not --international-tokenization),
 * as the E2E scorer runs it on every hypothesis and reference:
 * SGML entity decoding, ASCII-only lowercasing (`tr/[A-Z]/[a-z]/`), punctuation split off, '.' and ','
 * split unless between digits, '-' split after a digit, whitespace collapsed.
 */
import { PERL_SPACE } from './whitespace.ts';

const PERL_WS_RUN = new RegExp(`[${PERL_SPACE}]+`, 'g');
const PERL_WS_EDGE = new RegExp(`^[${PERL_SPACE}]+|[${PERL_SPACE}]+$`, 'g');

/**
 * The segment text as mteval sees it inside the SGML file: measure_scores.py writes it raw into
 * `<seg>`, and mteval collapses every whitespace run of a document to one space before extracting
 * segments (`$span =~ s/[\s\n\r]+/ /g`).
 */
export function sgmlSegmentText(text: string): string {
  return text.replace(PERL_WS_RUN, ' ');
}

/** mteval-v13a `tokenization` (lowercasing on, as measure_scores.py never passes -c). */
export function mtevalTokenize(text: string): string {
  let t = sgmlSegmentText(text);
  t = t.replace(/<skipped>/g, '');
  t = t.replace(/-\n/g, '').replace(/\n/g, ' ');
  t = t.replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  t = ` ${t} `;
  t = t.replace(/[A-Z]/g, (c) => c.toLowerCase()); // tr/[A-Z]/[a-z]/: ASCII only
  t = t.replace(/([\{-\~\[-\` -\&\(-\+\:-\@\/])/g, ' $1 '); // punctuation
  t = t.replace(/([^0-9])([\.,])/g, '$1 $2 '); // period / comma unless preceded by a digit
  t = t.replace(/([\.,])([^0-9])/g, ' $1 $2'); // period / comma unless followed by a digit
  t = t.replace(/([0-9])(-)/g, '$1 $2 '); // dash after a digit
  t = t.replace(PERL_WS_RUN, ' ').replace(PERL_WS_EDGE, '');
  return t;
}

/** Perl `split /\s+/` of a tokenised segment (empty text -> no words). */
export function mtevalWords(text: string): string[] {
  const t = mtevalTokenize(text);
  return t === '' ? [] : t.split(' ');
}
