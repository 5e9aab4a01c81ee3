import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeE2eReport, writeMathReport } from './family-reports.ts';
import { makeRecord, TEST_METHODS } from './testing/records.ts';

function sweepDir(records: ReturnType<typeof makeRecord>[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'fam-')), 's');
  mkdirSync(dir);
  for (const r of records) writeFileSync(join(dir, `${r.id}.json`), JSON.stringify(r));
  return dir;
}

describe('E2E and math tables of one sweep folder (the experiments CLI\'s per-family report)', () => {
  test('E2E: IT-Tuning Table 2 and RED Table 2, selected on the lowest validation loss, NIST / CIDEr raw', async () => {
    const e2e = (method: string, seed: number, loss: number, bleu: number) =>
      makeRecord({ family: 'e2e', task: 'e2e', method, seed, value: loss, metric: 'loss', protocol: 'dev', test: { bleu, nist: 8.25, meteor: 0.45, rougeL: 0.7, cider: 2.5 } });
    const dir = sweepDir([e2e('lora', 1, 1.2, 0.6), e2e('lora', 2, 1.1, 0.62), e2e('red', 1, 1.3, 0.55)]);
    const out = join(dir, '..', 'out');
    const r = await writeE2eReport({ resultsDir: dir, sweep: 's', outDir: out, methods: TEST_METHODS });
    expect(r.files.map((f) => f.slice(out.length + 1))).toEqual(['s-it-tuning-table2.md', 's-it-tuning-table2.csv', 's-red-table2.md', 's-red-table2.csv']);
    const it2 = readFileSync(join(out, 's-it-tuning-table2.md'), 'utf8');
    expect(it2).toContain('| **LoRA** | measured | 1000 | 61.0 ± 1.4 | 8.25 ± 0.00 | 45.0 ± 0.0 | 70.0 ± 0.0 | 2.50 ± 0.00 |');
    expect(it2).toMatch(/\| \| paper \(GPT-2 L \(LoRA\)†, GPT-2 large\) \| 0\.77M \|/);
    expect(it2).toContain('**Data:** demo data (synthetic E2E-shaped');
    const red2 = readFileSync(join(out, 's-red-table2.md'), 'utf8');
    expect(red2).toContain('| **FT^top2** | not run |'); // a separate row from FT
    expect(red2).toContain('| **RED** | measured | 1000 | 55.0 |');
  });

  test('math: ID3 Table 5, every paper row, accuracy per eval set', async () => {
    const dir = sweepDir([makeRecord({ family: 'math', task: 'math10k', method: 'lora', seed: 1, value: 0.9, metric: 'loss', protocol: 'dev', methodConfig: { r: 32 }, test: { accuracy_gsm8k: 0.1, accuracy_addsub: 0.5, accuracy_avg: 0.3 } })]);
    const out = join(dir, '..', 'out');
    const r = await writeMathReport({ resultsDir: dir, sweep: 's', outDir: out, methods: TEST_METHODS.map((m) => (m.name === 'lora' ? { ...m, configSchema: { safeParse: (v: unknown) => ({ success: true, data: { r: 8, ...(v as object) } }) } } : m)) });
    expect(r.markdown).toContain('| **LoRA (r=32)** | measured | 1000 | 50.0 | — | — | 10.0 | — | — | 30.0 (2/6) |');
    expect(r.markdown).toContain('| **LoRA (r=2)** | not run |');
    expect(r.markdown.match(/\| \| paper \(/g)!.length).toBe(7);
  });
});
