/**
 * Answer extraction and accuracy as the LLM-Adapters evaluation script (evaluate.py) does it:
 * - numeric sets (GSM8K, SVAMP, MultiArith, AddSub, SingleEq): drop every comma, take the LAST match
 *   of /-?\d+\.?\d*\/ and compare with the gold number within 1e-3 (no match -> +Infinity, never right);
 * - AQuA: the FIRST capital letter A-E anywhere in the completion (a faithful quirk: the "A" of
 *   "After" counts), compared as a string.
 */
import { InputError } from '@peftbench/util';

export const NUMERIC_DATASETS = ['gsm8k', 'svamp', 'multiarith', 'addsub', 'singleeq'] as const;
export const LETTER_DATASETS = ['aqua'] as const;
export type MathDataset = (typeof NUMERIC_DATASETS)[number] | (typeof LETTER_DATASETS)[number];

function datasetKind(dataset: string): 'number' | 'letter' {
  const d = dataset.toLowerCase();
  if ((NUMERIC_DATASETS as readonly string[]).includes(d)) return 'number';
  if ((LETTER_DATASETS as readonly string[]).includes(d)) return 'letter';
  throw new InputError(`math: unknown dataset '${dataset}' (expected ${[...NUMERIC_DATASETS, ...LETTER_DATASETS].join(', ')})`);
}

/** Rule "last-number": commas removed (1,000 -> 1000), sign kept, "42." -> 42, "3/4" -> 4. */
export function extractLastNumber(text: string): number {
  const matches = text.replace(/,/g, '').match(/-?\d+\.?\d*/g);
  if (!matches) return Infinity;
  return parseFloat(matches[matches.length - 1]);
}

/** Rule "first-letter": first of A, B, C, D, E in the stripped completion, '' when none. */
export function extractFirstLetter(text: string): string {
  const m = text.trim().match(/A|B|C|D|E/);
  return m ? m[0] : '';
}

export function extractAnswer(text: string, dataset: string): number | string {
  return datasetKind(dataset) === 'number' ? extractLastNumber(text) : extractFirstLetter(text);
}

/** Is one completion right? Numbers: |gold - predicted| <= 0.001 (evaluate.py); letters: equality. */
export function isCorrect(text: string, gold: string | number, dataset: string): boolean {
  if (datasetKind(dataset) === 'letter') return extractFirstLetter(text) === String(gold).trim();
  const g = typeof gold === 'number' ? gold : parseFloat(gold);
  if (Number.isNaN(g)) throw new InputError(`math: gold answer '${gold}' is not a number`);
  return Math.abs(g - extractLastNumber(text)) <= 0.001;
}

export interface MathScore { accuracy: number; correct: number; total: number; predictions: (number | string)[] }

export function mathAccuracy(completions: readonly string[], answers: readonly (string | number)[], dataset: string): MathScore {
  if (completions.length !== answers.length) {
    throw new InputError(`math: ${completions.length} completions but ${answers.length} gold answers`);
  }
  if (completions.length === 0) throw new InputError('math: no completions to score');
  let correct = 0;
  const predictions = completions.map((c, i) => {
    if (isCorrect(c, answers[i], dataset)) correct++;
    return extractAnswer(c, dataset);
  });
  return { accuracy: correct / completions.length, correct, total: completions.length, predictions };
}
