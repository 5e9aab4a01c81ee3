/**
 * Golden markdown: two tables per paper, built from fixed hand-made result files (missing seeds, a diverged
 * run, a failed run, a partial grid, an unclaimed config) and compared byte for byte with src/golden/*.md.
 * After an intended change: PEFTBENCH_UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts, then review the diff.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildLayoutTable } from './build.ts';
import { layouts } from './layouts.ts';
import { renderMarkdown } from './render-markdown.ts';
import type { ResultRecord } from './result-files.ts';
import { makeRecord, TEST_METHODS, type RecordArgs } from './testing/records.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.PEFTBENCH_UPDATE_GOLDEN === '1';

const methods = TEST_METHODS.map((m) => {
  if (m.name === 'red') return { ...m, configSchema: z.object({ variant: z.string().default('scaling+bias'), positions: z.string().default('ffn') }) };
  if (m.name === 'it-tuning') return { ...m, configSchema: z.object({ rank: z.number().default(1), attentionVector: z.string().default('query') }) };
  if (m.name === 'id3' || m.name === 'random-mask') return { ...m, configSchema: z.object({ budget: z.number().default(103_000) }) };
  return m;
});

const glue = (a: Omit<RecordArgs, 'value'> & { value: number }) => makeRecord({ protocol: 'dev', ...a });
const e2e = (method: string, seed: number, loss: number, bleu: number, methodConfig: Record<string, unknown> = {}) =>
  makeRecord({ family: 'e2e', task: 'e2e', method, seed, value: loss, metric: 'loss', protocol: 'dev', methodConfig, test: { bleu, nist: 8.1 + bleu, meteor: 0.43, rougeL: bleu + 0.05, cider: 2.1 } });

const cases: { id: string; records: ResultRecord[]; aggregation?: { rule: 'best-k-of-n'; k: number } }[] = [
  {
    id: 'it-tuning-table1',
    records: [
      ...[1, 2, 3].map((seed) => glue({ task: 'rte', method: 'it-tuning', seed, value: 0.6 + seed / 100 })),
      glue({ task: 'mrpc', method: 'it-tuning', seed: 1, value: 0.7, status: 'diverged' }),
      ...[1, 2].map((seed) => glue({ task: 'rte', method: 'lora', seed, value: 0.62, lr: seed === 1 ? 1e-3 : 5e-4 })),
      glue({ task: 'rte', method: 'full-ft', seed: 1, value: 0.9, status: 'failed' }),
    ],
  },
  {
    id: 'it-tuning-table3',
    records: [e2e('it-tuning', 1, 2.0, 0.6, { rank: 1 }), e2e('it-tuning', 2, 2.1, 0.62, { rank: 1 }), e2e('it-tuning', 1, 1.9, 0.64, { rank: 4 }), e2e('it-tuning', 1, 1.8, 0.5, { rank: 4, attentionVector: 'key' }), e2e('it-tuning', 1, 1.7, 0.55, { rank: 16 })],
  },
  {
    id: 'red-table1',
    records: [1, 2, 3].flatMap((seed) => [
      makeRecord({ task: 'rte', method: 'red', seed, value: 0.7 + seed / 100 }),
      makeRecord({ task: 'cola', method: 'red', seed, value: 0.4, test: { mcc: 0.3 + seed / 100 } }),
      ...(seed < 3 ? [makeRecord({ task: 'rte', method: 'bitfit', seed, value: 0.6 })] : []),
    ]),
  },
  {
    id: 'red-table6',
    records: [1, 2].flatMap((seed) => [
      makeRecord({ task: 'mrpc', method: 'red', seed, value: 0.8 }),
      makeRecord({ task: 'mrpc', method: 'red', seed, value: 0.75, methodConfig: { variant: 'bias' } }),
      makeRecord({ task: 'qqp', method: 'red', seed, value: 0.7, methodConfig: { variant: 'scaling' } }),
    ]),
  },
  {
    id: 'id3-table1',
    aggregation: { rule: 'best-k-of-n', k: 3 },
    records: [1, 2, 3, 4].flatMap((seed) => [
      makeRecord({ task: 'rte', method: 'id3', seed, value: 0.7 + seed / 50, protocol: 'id3' }),
      makeRecord({ task: 'stsb', method: 'id3', seed, value: 0.8, protocol: 'id3', methodConfig: { budget: 320_000 }, test: { pearson: 0.8, spearman: 0.82 } }),
      ...(seed < 3 ? [makeRecord({ task: 'rte', method: 'random-mask', seed, value: 0.6, protocol: 'id3' })] : []),
    ]),
  },
  {
    id: 'id3-table4',
    records: [1, 2].flatMap((seed) => [
      makeRecord({ family: 'conll', task: 'conll2003', method: 'id3', seed, value: 0.8, metric: 'f1', protocol: 'id3', test: { f1: 0.8 + seed / 100, precision: 0.8, recall: 0.82, f1_PER: 0.9, f1_LOC: 0.85, f1_ORG: 0.7, f1_MISC: 0.65 } }),
      makeRecord({ family: 'conll', task: 'conll2003', method: 'full-ft', seed, value: 0.9, metric: 'f1', protocol: 'id3', test: { f1: 0.9, precision: 0.9, recall: 0.9, f1_PER: 0.95, f1_LOC: 0.9, f1_ORG: 0.85, f1_MISC: 0.8 } }),
    ]),
  },
];

describe('golden markdown (two tables per paper)', () => {
  for (const c of cases) {
    test(c.id, () => {
      const md = renderMarkdown(buildLayoutTable(c.records, layouts[c.id], { aggregation: c.aggregation ?? { rule: 'mean-std' }, sweep: 'golden', methods }));
      const file = join(dir, `${c.id}.md`);
      if (update || !existsSync(file)) writeFileSync(file, md);
      expect(md).toBe(readFileSync(file, 'utf8'));
    });
  }
});
