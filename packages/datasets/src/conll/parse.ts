import { at } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { splitLines } from '../common/text-file.ts';
import { iob1ToIob2 } from './iob.ts';
import { NER_LABELS } from './labels.ts';
import type { ConllSentence } from './types.ts';

export interface ConllParseOptions {
  /** Convert NER and chunk tags from IOB1 to IOB2 (the shared copy is already IOB2). */
  iob1ToIob2?: boolean;
}

/**
 * The CoNLL-2003 4-column format: `token POS chunk NER` separated by single spaces, a blank line ends a
 * sentence, `-DOCSTART- -X- -X- O` starts a document. A line with another number of columns or a NER
 * tag outside the label set is a bad line (file:line); with skipping, its whole sentence is dropped.
 */
export function parseConll(text: string, file: string, bad: BadRows, opts: ConllParseOptions = {}): ConllSentence[] {
  const out: ConllSentence[] = [];
  let doc = -1;
  let rows: string[][] = [];
  let broken = false;
  const flush = () => {
    if (rows.length > 0 && !broken) {
      let ner = rows.map((r) => r[3]);
      let chunk = rows.map((r) => r[2]);
      if (opts.iob1ToIob2) {
        ner = iob1ToIob2(ner);
        chunk = iob1ToIob2(chunk);
      }
      out.push({ tokens: rows.map((r) => r[0]), pos: rows.map((r) => r[1]), chunk, ner, nerIds: ner.map((t) => NER_LABELS.indexOf(t)), doc: Math.max(doc, 0), idx: out.length });
    }
    rows = [];
    broken = false;
  };
  splitLines(text).forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '') return flush();
    if (line.startsWith('-DOCSTART-')) {
      flush();
      doc++;
      return;
    }
    const cols = line.split(' ');
    if (cols.length !== 4) {
      broken = true;
      return bad.fail(at(file, i + 1, `expected 4 space-separated columns (token POS chunk NER), got ${cols.length}`));
    }
    if (!NER_LABELS.includes(cols[3])) {
      broken = true;
      return bad.fail(at(file, i + 1, `NER tag '${cols[3]}' is not one of ${NER_LABELS.join(', ')}`));
    }
    rows.push(cols);
  });
  flush();
  return out;
}
