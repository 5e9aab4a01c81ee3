/**
 * For every row of the ID3 paper's tables (../shared/papers/tables/id3.json) that names a method of
 * these packages (ID3, R-Mask, Fish, PaFi, alone or on LoRA / a Pfeiffer adapter), the count computed
 * from the paper architecture's config.json, printed in the paper's style, equals the paper's budget.
 * The selective packages share one count (`selectiveCount`: B, capped by the pool when the pool is known
 * from config.json), so this test covers pafi / fish / random-mask / repeat-d3 too (they depend on this
 * package, not the other way round).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, repoRoot, sharedDir } from '@peftbench/util';
import type { HfConfig, TaskSpec } from '@peftbench/core';
import { selectiveConfigSchema } from './config.ts';
import { poolSize, selectiveCount } from './count.ts';

const OURS: Record<string, string> = { ID3: 'id3', 'R-Mask': 'random-mask', Fish: 'fish', PaFi: 'pafi' };
const T7A_NLU_LORA = ['query_proj', 'key_proj', 'value_proj', 'attention.output.dense', 'intermediate.dense', 'output.dense'];
// Table 7a's generative list uses DeBERTa names; HF LLaMA calls them q/k/v_proj (tables README, item 21)
const T7A_GEN_LORA = ['q_proj', 'k_proj', 'v_proj', 'up_proj', 'down_proj'];

const readConfig = (name: string) => JSON.parse(readFileSync(join(repoRoot, 'packages/core/configs', name, 'config.json'), 'utf8')) as HfConfig;

/** "103K" → 103000, "3.5M" → 3500000 */
export function parseBudget(s: string): number {
  const m = /^([\d.]+)([KM])$/.exec(s);
  if (!m) throw new Error(`budget '${s}'`);
  return Math.round(Number(m[1]) * (m[2] === 'K' ? 1e3 : 1e6));
}

/** The ID3 paper's print style: thousands as integer K, millions with at most two decimals, trailing zeros dropped. */
export function formatBudget(n: number): string {
  if (n < 1e6) return `${Math.round(n / 1e3)}K`;
  return `${Number((n / 1e6).toFixed(2))}M`;
}

interface Row {
  method: string;
  model: string;
  trainable_params: string;
  budget: string;
}

/** Which architecture, targets and LoRA settings a row means (the tables README and Table 7a). */
function setup(table: string, row: Row): { config: string; task: TaskSpec; cfg: Record<string, unknown> } | null {
  const base = row.method.split('+')[0];
  if (!(base in OURS)) return null;
  const budget = parseBudget(row.budget);
  if (table === 'table1' || table === 'table4') return { config: 'deberta-v3-base', task: { kind: table === 'table4' ? 'token-classification' : 'sequence-classification', numLabels: 3 }, cfg: { budget } };
  if (table === 'table2') return { config: 'deberta-v3-base', task: { kind: 'sequence-classification', numLabels: 3 }, cfg: { budget, targets: 'lora', lora: { r: 8, lora_alpha: 8, target_modules: T7A_NLU_LORA } } };
  if (table === 'table5') return { config: 'llama-7b', task: { kind: 'causal-lm' }, cfg: { budget, targets: 'lora', lora: { r: 32, target_modules: T7A_GEN_LORA } } };
  if (table === 'table3') return { config: 'roberta-base', task: { kind: 'sequence-classification', numLabels: 2 }, cfg: { budget, targets: 'adapter' } };
  throw new Error(`unexpected ${table}`);
}

/** Rows whose count cannot match, and why (recorded, not hidden). */
const EXPECTED_DISCREPANCIES: Record<string, { computed: string; reason: string }> = {
  'table3/ID3+Pfeiffer/8M': {
    computed: '895K',
    reason:
      'a Pfeiffer adapter (reduction factor 16, the adapter-transformers default; the paper does not give one) on RoBERTa-base holds 12 × (2·768·48 + 48 + 768) = 894,528 scalars, fewer than the 8M budget; the paper prints the dense adapter as 201M (> the whole RoBERTa-base), its own error (tables README)',
  },
};

describe.skipIf(!hasShared('papers/tables/id3.json'))('ID3 paper: trainable counts of the selective methods', () => {
  // a skipped describe's body still runs while vitest collects: read only when the file exists
  const tables = (hasShared('papers/tables/id3.json') ? JSON.parse(readFileSync(join(sharedDir, 'papers/tables/id3.json'), 'utf8')).tables : []) as { id: string; rows: Row[] }[];
  const rows = tables.flatMap((t) => t.rows.map((row) => ({ table: t.id, row, s: row.method ? setup(t.id, row) : null }))).filter((r) => r.s);

  it('covers every row that names ID3, R-Mask, Fish or PaFi (tables 1–5)', () => {
    expect(rows.length).toBe(8 + 2 + 1 + 8 + 4); // T1, T2, T3, T4, T5
  });

  for (const { table, row, s } of rows) {
    const key = `${table}/${row.method}/${row.budget}`;
    it(`${key} (${s!.config})`, () => {
      const hf = readConfig(s!.config);
      const cfg = selectiveConfigSchema.parse(s!.cfg);
      const printed = formatBudget(selectiveCount(hf, cfg, s!.task));
      const known = EXPECTED_DISCREPANCIES[key];
      if (known) {
        expect(printed).toBe(known.computed);
        expect(printed).not.toBe(row.trainable_params);
      } else expect(printed).toBe(row.trainable_params);
    });
  }

  it('pools the budgets are chosen from: dense LoRA r=8 on DeBERTa-v3-base (T7a modules) = 1,327,104 (printed 1.33M); r=32 on LLaMA-7B = 56,098,816', () => {
    const deberta = readConfig('deberta-v3-base');
    expect(poolSize(deberta, selectiveConfigSchema.parse({ budget: 1, targets: 'lora', lora: { r: 8, target_modules: T7A_NLU_LORA } }), { kind: 'sequence-classification', numLabels: 3 })).toBe(1_327_104);
    const llama = readConfig('llama-7b');
    expect(poolSize(llama, selectiveConfigSchema.parse({ budget: 1, targets: 'lora', lora: { r: 32, target_modules: T7A_GEN_LORA } }), { kind: 'causal-lm' })).toBe(1_753_088 * 32);
    expect(poolSize(readConfig('roberta-base'), selectiveConfigSchema.parse({ budget: 1, targets: 'adapter' }), { kind: 'sequence-classification' })).toBe(894_528);
  });
});
