/**
 * The math pretraining corpus for the tiny decoder: one document per training record (the train part of
 * math-data.ts' split), the full LLM-Adapters prompt + response text. The model thus knows the template
 * and the arithmetic language before fine-tuning; evaluation problems and answers are never included.
 */
import { createHash } from 'node:crypto';
import { mathTrainPrompt } from '@peftbench/datasets';
import { Rng } from '@peftbench/util';
import type { DataSource } from '../run-types.ts';
import { mathSplitsFor } from './math-data.ts';

export type MathCorpus = { kind: 'math'; data: DataSource };

/** `recipe`: the pretraining recipe's corpus size and seed (a structural type, so data/ never imports pretrain/). */
export async function mathCorpusDocuments(recipe: { corpusSize: number; seed: number }, corpus: MathCorpus): Promise<{ documents: string[][]; id: string; description: string }> {
  const { train, description } = await mathSplitsFor(corpus.data, []);
  let documents = train.map((r) => [mathTrainPrompt(r)]);
  if (documents.length > recipe.corpusSize) documents = new Rng(recipe.seed).shuffle(documents).slice(0, recipe.corpusSize);
  const id = `math-train-docs:${createHash('sha256').update(JSON.stringify(documents)).digest('hex').slice(0, 16)}`;
  return { documents, id, description: `math training text (${description.split(';')[0]}): ${documents.length} documents` };
}
