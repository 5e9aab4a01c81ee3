/**
 * `peftbench score math --dataset gsm8k --pred <completions> --data <test.json> [--json out.json]`:
 * completions are a JSON array of strings or JSON lines with a "completion" (or "output") field;
 * the data file is an LLM-Adapters test.json (objects with "answer").
 */
import { at, InputError, writeJsonAtomic } from '@peftbench/util';
import { readUtf8File } from '../io/read-text.ts';
import { mathAccuracy } from '../math/extract.ts';
import { parseFlags, required } from './args.ts';

export const MATH_USAGE = 'score math --dataset <gsm8k|svamp|multiarith|addsub|singleeq|aqua> --pred <completions.json|jsonl> --data <test.json> [--json <out.json>]';

function parseJson(text: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw at(file, line, `invalid JSON (${(err as Error).message})`);
  }
}

export function readCompletions(path: string): string[] {
  const text = readUtf8File(path).trim();
  if (text.startsWith('[')) {
    const arr = parseJson(text, path) as unknown[];
    return arr.map((x, i) => {
      if (typeof x === 'string') return x;
      const c = (x as Record<string, unknown>)?.completion ?? (x as Record<string, unknown>)?.output;
      if (typeof c !== 'string') throw at(path, `${i}`, 'expected a string or an object with "completion"');
      return c;
    });
  }
  // line numbers are the file's own (blank lines are skipped but still counted)
  return text.split(/\r?\n/).map((l, i) => ({ l, line: i + 1 })).filter(({ l }) => l.trim() !== '').map(({ l, line }) => {
    const o = parseJson(l, path, line) as Record<string, unknown>;
    const c = typeof o === 'string' ? o : (o?.completion ?? o?.output);
    if (typeof c !== 'string') throw at(path, line, 'expected a "completion" string');
    return c;
  });
}

export async function runScoreMath(argv: string[]): Promise<number> {
  const f = parseFlags(argv, { dataset: { type: 'string' }, pred: { type: 'string' }, data: { type: 'string' }, json: { type: 'string' } }, 'math');
  const dataset = required(f.dataset, 'dataset', 'math');
  const predFile = required(f.pred, 'pred', 'math'), dataFile = required(f.data, 'data', 'math');
  const completions = readCompletions(predFile);
  const data = parseJson(readUtf8File(dataFile), dataFile);
  if (!Array.isArray(data)) throw at(dataFile, undefined, 'expected a JSON array of {instruction, answer}');
  const answers = data.map((d, i) => {
    const a = (d as Record<string, unknown>)?.answer;
    if (typeof a !== 'string' && typeof a !== 'number') throw at(dataFile, `${i}.answer`, 'missing answer');
    return a;
  });
  if (completions.length !== answers.length) {
    throw new InputError(`${predFile}: ${completions.length} completions but ${dataFile} has ${answers.length} problems`);
  }
  const r = mathAccuracy(completions, answers, dataset);
  process.stdout.write(`${dataset}: accuracy ${(100 * r.accuracy).toFixed(2)}% (${r.correct}/${r.total})\n`);
  if (f.json) writeJsonAtomic(f.json, { dataset, pred: predFile, data: dataFile, accuracy: r.accuracy, correct: r.correct, total: r.total });
  return 0;
}
