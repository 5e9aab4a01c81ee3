import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadSweepFile } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { profileSweep } from './cli.ts';

describe('default sweeps', () => {
  test('glue-quick: demo data, tiny pretrained encoder, FT/BitFit/LoRA/RED, 2 seeds, a few hundred steps', () => {
    const s = loadSweepFile(profileSweep('glue', 'quick'));
    expect(s.name).toBe('glue-quick');
    expect([s.model, s.data.kind, s.protocol]).toEqual(['pretrain:tiny-roberta', 'demo', 'dev']);
    expect(s.methods.map((m) => m.name)).toEqual(['full-ft', 'bitfit', 'lora', 'red']);
    const runs = expandSweep(s);
    expect(runs.length).toBe(s.tasks.length * 4 * 2);
    expect(new Set(runs.map((r) => r.hyper.maxSteps))).toEqual(new Set([120]));
  });
});

const papersTables = 'papers/tables/red.json';
if (!hasShared(papersTables)) console.log(`skipping paper-sweep checks: ../shared/${papersTables} is absent`);

describe.skipIf(!hasShared(papersTables))('paper sweeps match RED Tables 9 and 10 number for number', () => {
  // a skipped describe's body still runs while vitest collects: read only when the file exists
  const red = hasShared(papersTables) ? JSON.parse(readFileSync(join(sharedDir, papersTables), 'utf8')) : { hyperparameters: [] };
  const taskOf: Record<string, string> = { MNLI: 'mnli', 'SST-2': 'sst2', MRPC: 'mrpc', CoLA: 'cola', QNLI: 'qnli', QQP: 'qqp', RTE: 'rte', 'STS-B': 'stsb' };
  const ours: Record<string, string> = { FT: 'full-ft', BitFit: 'bitfit', LoRA: 'lora', RED: 'red' };

  for (const [file, tableId] of [['glue-paper.yaml', 'table9'], ['glue-paper-large.yaml', 'table10']] as const) {
    test(`${file} = red.json ${tableId}`, () => {
      const runs = expandSweep(loadSweepFile(join(profileSweep('glue', 'quick'), '..', file)));
      const blocks = red.hyperparameters.filter((h: { table_id: string; method: string }) => h.table_id === tableId && ours[h.method]);
      expect(blocks.length).toBeGreaterThanOrEqual(3);
      let checked = 0;
      for (const block of blocks) {
        const st = block.settings;
        for (const col of block.columns as string[]) {
          const run = runs.find((r) => r.method === ours[block.method] && r.task === taskOf[col] && r.seed === 42)!;
          expect(run, `${block.method} ${col}`).toBeDefined();
          expect([run.hyper.learningRate, run.hyper.batchSize, run.hyper.epochs, run.hyper.warmupRatio, run.hyper.maxLength], `${block.method} ${col}`)
            .toEqual([st.learning_rate[col], st.batch_size[col], st.epochs[col], st.warmup_ratio[col], st.max_seq_len]);
          const wd = typeof st.weight_decay === 'object' ? st.weight_decay[col] : st.weight_decay ?? 0;
          expect(run.hyper.weightDecay, `${block.method} ${col} weight decay`).toBe(wd);
          if (block.method === 'LoRA') expect(run.methodConfig.lora_alpha).toBe(st.lora_alpha);
          checked++;
        }
      }
      expect(checked).toBe(blocks.length * 8);
      expect(new Set(runs.map((r) => r.seed))).toEqual(new Set([42, 43, 44, 45, 46]));
    });
  }
});
