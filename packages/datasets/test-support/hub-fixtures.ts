import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';

type Column = { name: string; data: unknown[]; type?: 'STRING' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' };

function writeParquet(file: string, columns: Column[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, new Uint8Array(parquetWriteBuffer({ columnData: columns as never })));
}

/**
 * Small parquet fixtures in the hub's layouts (see README "Hub layouts"): nyu-mll/glue
 * `<config>/<split>-00000-of-00001.parquet`, tuetschek/e2e_nlg and eriktks/conll2003
 * `<config>/<split>/0000.parquet`; a math repo with the LLM-Adapters JSON paths.
 */
export function writeHubFixtures(root: string): { glue: string; e2e: string; conll: string; math: string } {
  const glue = join(root, 'glue');
  const g = (config: string, split: string) => join(glue, config, `${split}-00000-of-00001.parquet`);
  writeParquet(g('rte', 'train'), [
    { name: 'sentence1', data: ['A man is sleeping.', 'It rains.', 'Cats purr.'], type: 'STRING' },
    { name: 'sentence2', data: ['Someone sleeps.', 'It is sunny.', 'Cats make sounds.'], type: 'STRING' },
    { name: 'label', data: [0n, 1n, 0n], type: 'INT64' },
    { name: 'idx', data: [0, 1, 2], type: 'INT32' },
  ]);
  writeParquet(g('rte', 'validation'), [
    { name: 'sentence1', data: ['Dogs bark.', 'Birds fly.'], type: 'STRING' },
    { name: 'sentence2', data: ['Dogs are silent.', 'Birds move.'], type: 'STRING' },
    { name: 'label', data: [1n, 0n], type: 'INT64' },
    { name: 'idx', data: [0, 1], type: 'INT32' },
  ]);
  for (const split of ['train', 'validation_matched', 'validation_mismatched']) {
    writeParquet(g('mnli', split), [
      { name: 'premise', data: [`${split} p0`, `${split} p1`, `${split} p2`], type: 'STRING' },
      { name: 'hypothesis', data: ['h0', 'h1', 'h2'], type: 'STRING' },
      { name: 'label', data: [0n, 1n, 2n], type: 'INT64' },
      { name: 'idx', data: [0, 1, 2], type: 'INT32' },
    ]);
  }
  for (const split of ['train', 'validation']) {
    writeParquet(g('stsb', split), [
      { name: 'sentence1', data: ['a', 'b'], type: 'STRING' },
      { name: 'sentence2', data: ['c', 'd'], type: 'STRING' },
      { name: 'label', data: [4.25, 0.5], type: 'FLOAT' },
      { name: 'idx', data: [0, 1], type: 'INT32' },
    ]);
  }
  // A bad one: label 7 is outside CoLA's label set.
  for (const split of ['train', 'validation']) {
    writeParquet(g('cola', split), [
      { name: 'sentence', data: ['Fine.', 'Also fine.'], type: 'STRING' },
      { name: 'label', data: [1n, 7n], type: 'INT64' },
      { name: 'idx', data: [0, 1], type: 'INT32' },
    ]);
  }

  const e2e = join(root, 'e2e');
  for (const split of ['train', 'validation', 'test']) {
    writeParquet(join(e2e, 'default', split, '0000.parquet'), [
      { name: 'meaning_representation', data: ['name[A], eatType[pub]', 'name[A], eatType[pub]', 'name[B], food[Thai], area[riverside]'], type: 'STRING' },
      { name: 'human_reference', data: [`A is a pub (${split}).`, 'There is a pub called A.', 'B serves Thai food by the river.'], type: 'STRING' },
    ]);
  }

  const conll = join(root, 'conll');
  for (const split of ['train', 'validation', 'test']) {
    writeParquet(join(conll, 'conll2003', split, '0000.parquet'), [
      { name: 'id', data: ['0', '1'], type: 'STRING' },
      { name: 'tokens', data: [['EU', 'rejects', 'German', 'call'], ['Peter', 'Blackburn']] },
      { name: 'pos_tags', data: [[22, 42, 16, 21], [22, 22]] },
      { name: 'chunk_tags', data: [[11, 21, 11, 12], [11, 12]] },
      { name: 'ner_tags', data: [[3, 0, 7, 0], [1, 2]] },
    ]);
  }

  const math = join(root, 'math');
  const rec = (q: string, a: string) => ({ instruction: q, input: '', output: `\nA: The answer is ${a}.`, answer: a });
  mkdirSync(join(math, 'ft-training_set'), { recursive: true });
  writeFileSync(join(math, 'ft-training_set', 'math_10k.json'), JSON.stringify([rec('1+1?', '2'), rec('2+2?', '4')]));
  mkdirSync(join(math, 'dataset', 'gsm8k'), { recursive: true });
  writeFileSync(join(math, 'dataset', 'gsm8k', 'test.json'), JSON.stringify([rec('3+3?', '6.0')]));
  return { glue, e2e, conll, math };
}
