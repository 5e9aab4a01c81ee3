import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@peftbench/util';
import { loadSweepFile, runSweep, type RunFn } from '@peftbench/experiments';
import { runSweepCommand } from './sweep.ts';

const run: RunFn = async (spec) => ({
  status: spec.seed === 2 ? 'failed' : 'ok',
  message: spec.seed === 2 ? 'boom' : undefined,
  trainableParams: 10,
  evals: [{ step: 1, epoch: 1, metrics: { accuracy: 0.5 } }],
  best: { metric: 'accuracy', value: 0.5, step: 1 },
  backend: { name: 'fake', threads: 1, versions: {} },
  wallSeconds: 0,
});

function capture() {
  let text = '';
  return { out: { write: (s: string) => (text += s) }, text: () => text };
}

describe('peftbench sweep status', () => {
  test('per-run states of a local sweep folder, as a table and as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peftbench-cli-sweep-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, `name: st
family: glue
model: pretrain:tiny-roberta
data: demo
protocol: dev
tasks: [rte]
seeds: [1, 2, 3]
hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0, weightDecay: 0}
methods: [lora]
`);
    const summary = await runSweep(loadSweepFile(file), { resultsRoot: join(dir, 'results'), runFn: run });
    rmSync(join(dir, 'results', 'st', `${summary.records[2].id}.json`)); // seed 3: no result (yet)
    const table = capture();
    expect(await runSweepCommand(['status', join(dir, 'results', 'st')], table.out)).toBe(0);
    expect(table.text()).toMatch(/3 runs — 1 done, 1 failed, 1 missing/);
    expect(table.text()).toMatch(/^failed +rte\/lora s2 /m);
    expect(table.text()).toMatch(/: boom$/m);
    const json = capture();
    await runSweepCommand(['status', '--json', join(dir, 'results', 'st')], json.out);
    expect(JSON.parse(json.text()).runs.map((r: { state: string }) => r.state)).toEqual(['done', 'failed', 'missing']);
  });

  test('bad usage is an InputError naming what is wrong', async () => {
    await expect(runSweepCommand(['status'])).rejects.toThrow(/expected one results folder/);
    await expect(runSweepCommand(['stats', 'x'])).rejects.toThrow(InputError);
    await expect(runSweepCommand(['status', '/nonexistent/peftbench'])).rejects.toThrow(/no such results folder/);
  });
});
