/**
 * E2E files as the official scorer (tuetschek/e2e-metrics measure_scores.py) reads them:
 * - references as CSV (mr, ref; devset.csv / testset_w_refs.csv): every line stripped, empty lines
 *   dropped, the script's character fixes (Ł, Â£ -> £; Ã©, ã© -> é), then CSV-parsed; the header row
 *   skipped; references grouped by MR in first-appearance order (the files list each MR's references
 *   consecutively, which is how the script groups them);
 * - references as text: one reference per line, MRs separated by a blank line (a file without blank
 *   lines is single-reference);
 * - system outputs: one line per MR, every line kept (an empty line is an empty output), stripped.
 * Lines are split and stripped as Python's str.splitlines / str.strip do.
 */
import { at, InputError } from '@peftbench/util';
import { parseCsv } from './csv.ts';
import { readUtf8File } from './read-text.ts';
import { PY_LINE_BREAK, pyStrip } from '../e2e/whitespace.ts';

export interface E2EReferences { mrs: string[]; refs: string[][] }

/** measure_scores.read_tsv's per-line fixes and per-field trimming. */
function officialFix(s: string): string {
  return s.replace(/Ł/g, '£').replace(/Â£/g, '£').replace(/Ã©/g, 'é').replace(/ã©/g, 'é');
}

export function splitPyLines(text: string): string[] {
  const lines = text.split(PY_LINE_BREAK);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // a final line break ends the last line
  return lines;
}

export function parseReferenceCsv(text: string, file: string): E2EReferences {
  // line numbers are kept by replacing dropped (empty) lines with nothing but their break
  const lines = splitPyLines(text.replace(/^\ufeff/, '')).map((l) => officialFix(pyStrip(l)));
  const rows = parseCsv(lines.join('\n'), file);
  if (rows.length === 0) throw at(file, undefined, 'no rows');
  let body = rows;
  if (/^(mr|src|source|meaning)/i.test(rows[0].fields[0])) {
    const header = rows[0].fields.map((h) => h.trim().toLowerCase());
    if (header.length !== 2 || header[1] !== 'ref') {
      throw at(file, rows[0].line, `wrong columns '${rows[0].fields.join(',')}': expected mr,ref (a reference file, e.g. testset_w_refs.csv)`);
    }
    body = rows.slice(1);
  }
  const byMr = new Map<string, string[]>();
  for (const row of body) {
    if (row.fields.length !== 2) throw at(file, row.line, `expected 2 columns (mr, ref), found ${row.fields.length}`);
    const [mr, ref] = row.fields;
    const list = byMr.get(mr);
    if (list) list.push(ref); else byMr.set(mr, [ref]);
  }
  if (byMr.size === 0) throw at(file, undefined, 'no references after the header');
  return { mrs: [...byMr.keys()], refs: [...byMr.values()] };
}

export function parseReferenceText(text: string, file: string): E2EReferences {
  const groups: string[][] = [[]];
  const groupLine: number[] = [1];
  splitPyLines(text.replace(/^\ufeff/, '')).forEach((raw, i) => {
    const line = pyStrip(raw);
    if (line === '') { groups.push([]); groupLine.push(i + 2); }
    else groups[groups.length - 1].push(line);
  });
  if (groups.length > 1 && groups[groups.length - 1].length === 0) { groups.pop(); groupLine.pop(); }
  if (groups.length === 1) return { mrs: groups[0].map((_, i) => `#${i + 1}`), refs: groups[0].map((r) => [r]) };
  const empty = groups.findIndex((g) => g.length === 0);
  if (empty >= 0) throw at(file, groupLine[empty] - 1, 'two blank lines in a row: an MR without references');
  return { mrs: groups.map((_, i) => `#${i + 1}`), refs: groups };
}

export function loadReferences(path: string, format?: 'csv' | 'txt'): E2EReferences {
  const fmt = format ?? (/\.[ct]sv$/i.test(path) ? 'csv' : 'txt');
  const text = readUtf8File(path);
  return fmt === 'csv' ? parseReferenceCsv(text, path) : parseReferenceText(text, path);
}

export function loadHypotheses(path: string): string[] {
  return splitPyLines(readUtf8File(path).replace(/^\ufeff/, '')).map(pyStrip);
}

export function checkCounts(hyps: readonly string[], refs: E2EReferences, hypFile: string, refFile: string): void {
  if (hyps.length !== refs.refs.length) {
    throw new InputError(`${hypFile}: ${hyps.length} system outputs but ${refFile} has ${refs.refs.length} MRs (one output per MR, in the MRs' order)`);
  }
}
