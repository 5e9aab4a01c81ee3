import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { at, InputError } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { hubFile } from '../common/hub.ts';
import { describeSource, type DataSource } from '../common/source.ts';
import { readTextFile } from '../common/text-file.ts';
import { demoMath } from './demo.ts';
import type { MathData, MathRecord } from './types.ts';

export const MATH_EVAL_SETS = ['gsm8k', 'SVAMP', 'MultiArith', 'AddSub', 'AQuA', 'SingleEq'] as const;
/** Paths inside the LLM-Adapters repository layout (the same paths are used in a hub dataset repo). */
export const MATH_TRAIN_PATH = 'ft-training_set/math_10k.json';
export const mathEvalPath = (set: string) => `dataset/${set}/test.json`;

export interface LoadMathOptions {
  source: DataSource;
  /** Eval sets to load (default all six). */
  sets?: string[];
  /** Fail when Math10K is absent (default: train is just left undefined). */
  requireTrain?: boolean;
  skipBadRows?: boolean;
}

/**
 * Math10K + the six evaluation sets. Folder: the LLM-Adapters layout (`dataset/<set>/test.json`,
 * `ft-training_set/math_10k.json`; math_10k.json is also accepted at the top level). Hub: the same paths
 * in a dataset repo that must be named (`source.repo`; no canonical hub copy exists), fetched as JSON
 * and parsed by the same code as a folder.
 */
export async function loadMath(opts: LoadMathOptions): Promise<MathData> {
  const bad = new BadRows(opts.skipBadRows ?? false);
  const src = opts.source;
  const sets = opts.sets ?? [...MATH_EVAL_SETS];
  if (src.kind === 'demo') {
    const d = demoMath(src.seed ?? 0, src.size ?? 500, sets);
    return { ...d, skipped: [], source: describeSource(src), isDemo: true };
  }
  const locate = async (path: string, optional: boolean): Promise<string | undefined> => {
    if (src.kind === 'folder') {
      if (!existsSync(src.dir)) throw at(src.dir, undefined, 'math data folder not found');
      const candidates = path === MATH_TRAIN_PATH ? [path, 'math_10k.json'] : [path];
      const found = candidates.map((p) => join(src.dir, p)).find((f) => existsSync(f));
      if (!found && !optional) throw at(join(src.dir, path), undefined, 'file not found');
      return found;
    }
    if (!src.repo) throw new InputError('math hub source: no canonical hub copy of Math10K exists; name a dataset repo (source.repo) in the LLM-Adapters layout');
    try {
      return await hubFile({ repo: src.repo, revision: src.revision ?? 'main', path, hubUrl: src.hubUrl, cacheDir: src.cacheDir });
    } catch (err) {
      if (optional) return undefined;
      throw err;
    }
  };
  const trainFile = await locate(MATH_TRAIN_PATH, !opts.requireTrain);
  const evalSets: Record<string, MathRecord[]> = {};
  for (const set of sets) {
    const canonical = MATH_EVAL_SETS.find((s) => s.toLowerCase() === set.toLowerCase());
    if (!canonical) throw new InputError(`unknown math evaluation set '${set}' (known: ${MATH_EVAL_SETS.join(', ')})`);
    evalSets[canonical] = readMathJson((await locate(mathEvalPath(canonical), false))!, bad, canonical === 'AQuA');
  }
  return {
    train: trainFile ? readMathJson(trainFile, bad, false) : undefined,
    eval: evalSets,
    skipped: bad.skipped,
    source: describeSource(src),
    isDemo: false,
  };
}

const FIELDS = ['instruction', 'input', 'output', 'answer'] as const;

/** Parse a JSON array of {instruction, input, output, answer}; a bad record names file and record index. */
export function readMathJson(file: string, bad: BadRows, multipleChoice: boolean): MathRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(readTextFile(file));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw at(file, undefined, `not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw at(file, undefined, 'expected a JSON array of records');
  if (data.length === 0) throw at(file, undefined, 'the file holds no records');
  const out: MathRecord[] = [];
  data.forEach((rec, i) => {
    const r = bad.attempt((): MathRecord => {
      const place = `record ${i}`;
      if (rec === null || typeof rec !== 'object') throw at(file, place, 'not an object');
      const o = rec as Record<string, unknown>;
      for (const f of FIELDS) {
        if (typeof o[f] !== 'string') throw at(file, place, `field '${f}' is missing or not a string`);
      }
      const answer = (o.answer as string).trim();
      if (multipleChoice ? !/^[A-E]$/.test(answer) : !Number.isFinite(Number(answer.replace(/,/g, ''))) || answer === '') {
        throw at(file, place, `answer '${o.answer}' is not ${multipleChoice ? 'a letter A-E' : 'a number'}`);
      }
      const m: MathRecord = { instruction: o.instruction as string, input: o.input as string, output: o.output as string, answer: o.answer as string, idx: out.length };
      const options = parseOptions(m.instruction);
      if (options) m.options = options;
      else if (multipleChoice) throw at(file, place, "no 'Answer Choices: (A) ...' in the instruction");
      return m;
    });
    if (r) out.push(r);
  });
  return out;
}

/** AQuA layout: "... Answer Choices: (A) 23.65 (B) 1000 (C) ... (E) ..." -> { A: '23.65', ... }. */
export function parseOptions(instruction: string): Record<string, string> | undefined {
  const at0 = instruction.lastIndexOf('Answer Choices:');
  if (at0 < 0) return undefined;
  const tail = instruction.slice(at0 + 'Answer Choices:'.length);
  const re = /\(([A-E])\)\s*(.*?)\s*(?=\([A-E]\)|$)/gs;
  const out: Record<string, string> = {};
  for (const m of tail.matchAll(re)) out[m[1]] = m[2];
  return Object.keys(out).length > 0 ? out : undefined;
}
