/** bench-scale's settings per architecture and its method list (issue 20); one tiny row end to end. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { getMethod } from '@peftbench/core';
import { loadMethods } from '@peftbench/discovery';
import { ARCHS, SCALE_METHODS, paperSettings, tableSteps } from './scale.ts';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';

const arch = (name: string) => ARCHS.find((a) => a.name === name)!;

describe('paper settings per architecture', () => {
  test('DeBERTa-v3-base: ID3 Table 7a batch 16 for every GLUE task, Table 7b epochs and length 256', () => {
    const s = paperSettings(arch('deberta-v3-base'), 'lora');
    expect(Object.keys(s.tasks).sort()).toEqual(['CoLA', 'MNLI', 'MRPC', 'QNLI', 'QQP', 'RTE', 'SST-2', 'STS-B']);
    expect(new Set(Object.values(s.tasks).map((t) => t.batch))).toEqual(new Set([16]));
    expect([s.tasks.RTE.epochs, s.tasks.MNLI.epochs, s.tasks.CoLA.epochs]).toEqual([30, 3, 20]);
    expect(s.length).toBe(256);
    expect(tableSteps(s)).toBe(Object.entries(s.tasks).reduce((n, [task, t]) => n + t.epochs * Math.ceil(({ MNLI: 392_702, 'SST-2': 67_349, MRPC: 3_668, CoLA: 8_551, QNLI: 104_743, QQP: 363_846, RTE: 2_490, 'STS-B': 5_749 } as Record<string, number>)[task] / 16), 0));
  });

  test('T5-base: RED Table 12 (batch 32 on the eight GLUE tasks)', () => {
    const s = paperSettings(arch('t5-base'), 'ia3');
    expect(s.source).toMatch(/^red table12 RED \(T5-base\)/);
    expect(Object.keys(s.tasks)).toHaveLength(8);
    expect(s.tasks.MNLI.batch).toBe(32);
  });

  test('adapters read the Adapter block of RED Table 9 on RoBERTa-base', () => {
    expect(paperSettings(arch('roberta-base'), 'houlsby').source).toMatch(/table9 Adapter \(RoBERTa-base\)/);
    expect(paperSettings(arch('roberta-base'), 'pfeiffer').source).toMatch(/table9 Adapter \(RoBERTa-base\)/);
  });

  test('every PEFT family measured by default is a discovered method', async () => {
    await loadMethods();
    for (const m of SCALE_METHODS) expect(() => getMethod(m), m).not.toThrow();
    expect(SCALE_METHODS).toEqual(expect.arrayContaining(['bitfit', 'houlsby', 'pfeiffer', 'prefix-tuning', 'ia3', 'lora', 'red']));
  });
});

describe('a tiny row end to end (child process, wasm)', () => {
  test('T5 (tiny config) IA3: one step, measured buffers within 25% of the plan', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'peftbench-scale-')), 'scale.json');
    const script = fileURLToPath(new URL('./scale.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--tiny', '--archs', 't5-base', '--methods', 'ia3', '--out', out], { encoding: 'utf8', env: { ...process.env, PEFTBENCH_WASM_THREADS: '1' } });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(readFileSync(out, 'utf8')).rows as { arch: string; method: string; stepMs?: number; planError?: number; trainable: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ arch: 't5-base (tiny)', method: 'ia3' });
    expect(rows[0].stepMs).toBeGreaterThan(0);
    expect(Math.abs(rows[0].planError!)).toBeLessThan(0.25);
    expect(rows[0].trainable).toBeGreaterThan(0);
  });
});
