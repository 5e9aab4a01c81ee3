/**
 * `peftbench score ner --file <conll.txt> [--scheme iob1|iob2|iobes] [--json out.json]`: the file is
 * conlleval's input (one token per line, the last two fields gold and predicted tag, blank lines
 * between sentences; -DOCSTART- lines are skipped).
 */
import { at, InputError, writeJsonAtomic } from '@peftbench/util';
import { readUtf8File } from '../io/read-text.ts';
import { conllEval, formatConllReport, type TagScheme } from '../ner/conlleval.ts';
import { parseFlags, required } from './args.ts';

export const NER_USAGE = 'score ner --file <token-gold-pred.txt> [--scheme iob1|iob2|iobes] [--json <out.json>]';

export function readConllFile(path: string): { gold: string[][]; pred: string[][] } {
  const gold: string[][] = [], pred: string[][] = [];
  let g: string[] = [], p: string[] = [];
  const flush = () => { if (g.length) { gold.push(g); pred.push(p); g = []; p = []; } };
  readUtf8File(path).split(/\r?\n/).forEach((line, i) => {
    const fields = line.trim().split(/\s+/);
    if (line.trim() === '') return flush();
    if (fields[0] === '-DOCSTART-') return;
    if (fields.length < 3) throw at(path, i + 1, `expected 'token ... gold predicted', found ${fields.length} field(s)`);
    g.push(fields[fields.length - 2]);
    p.push(fields[fields.length - 1]);
  });
  flush();
  if (gold.length === 0) throw at(path, undefined, 'no tokens');
  return { gold, pred };
}

export async function runScoreNer(argv: string[]): Promise<number> {
  const f = parseFlags(argv, { file: { type: 'string' }, scheme: { type: 'string' }, json: { type: 'string' } }, 'ner');
  const file = required(f.file, 'file', 'ner');
  const scheme = (f.scheme ?? 'iob2') as TagScheme;
  if (!['iob1', 'iob2', 'iobes'].includes(scheme)) throw new InputError(`score ner: --scheme must be iob1, iob2 or iobes, got '${scheme}'`);
  const { gold, pred } = readConllFile(file);
  let r;
  try {
    r = conllEval(gold, pred, scheme);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${file}: ${err.message}`);
    throw err;
  }
  process.stdout.write(formatConllReport(r) + '\n');
  if (f.json) writeJsonAtomic(f.json, { file, scheme, ...r });
  return 0;
}
