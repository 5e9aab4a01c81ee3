/**
 * Opt-in (PEFTBENCH_HF_ORACLE=1 or PEFTBENCH_SLOW_TESTS=1; needs ../shared/tools/hf-oracle and Debian's
 * python3-torch): DeBERTa-v2 corner cases the fixtures do not cover, against Hugging Face's own
 * DebertaV2 code run by the oracle as an external process (`init-weights`, then `hf-outputs`):
 * other bucket counts with sequences long enough for the log buckets and the c2p/p2c clamp,
 * max_relative_positions > 0, each pos_att_type subset (scale sqrt(d·(1+n))), separate position projections
 * (share_att_key false), absolute positions + token types, embed_proj (embedding_size != hidden), no
 * relative-embedding LayerNorm, relative_attention off, and the three heads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { sharedDir } from '@peftbench/util';
import { loadModel } from './index.ts';
import { initBackendForTests, maxAbsDiffToExpected } from '../testing.ts';

const ORACLE = join(sharedDir, 'tools/hf-oracle/oracle.py');

function skipReason(): string | null {
  if (process.env.PEFTBENCH_HF_ORACLE !== '1' && process.env.PEFTBENCH_SLOW_TESTS !== '1') return 'opt-in: set PEFTBENCH_HF_ORACLE=1 (or PEFTBENCH_SLOW_TESTS=1)';
  if (!existsSync(ORACLE)) return `${ORACLE} is absent`;
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    return 'Debian python3-torch is not installed (/usr/bin/python3 -c "import torch" failed)';
  }
  return null;
}
const reason = skipReason();
if (reason) console.log(`skipping DeBERTa hf-oracle corner cases: ${reason}`);

const V3 = { relative_attention: true, max_relative_positions: -1, norm_rel_ebd: 'layer_norm', share_att_key: true, pos_att_type: ['p2c', 'c2p'], position_biased_input: false, type_vocab_size: 0, layer_norm_eps: 1e-7, pad_token_id: 0, hidden_act: 'gelu' };
const SIZES = { hidden_size: 16, num_hidden_layers: 2, num_attention_heads: 2, intermediate_size: 24, vocab_size: 60, max_position_embeddings: 48 };

const DEBERTA_ORACLE_CASES: { name: string; seed: number; cls: string; config: Record<string, unknown> }[] = [
  { name: '4 buckets, c2p only, sequence classification', seed: 1801, cls: 'DebertaV2ForSequenceClassification', config: { ...SIZES, ...V3, position_buckets: 4, pos_att_type: ['c2p'] } },
  { name: '12 buckets, max_relative_positions 20, p2c only, separate pos_query_proj', seed: 1802, cls: 'DebertaV2ForTokenClassification', config: { ...SIZES, ...V3, position_buckets: 12, max_relative_positions: 20, pos_att_type: 'p2c', share_att_key: false, num_labels: 5 } },
  { name: '64 buckets (> 2·T: no log range), both terms, separate pos_key/pos_query_proj, 3 heads', seed: 1803, cls: 'DebertaV2ForSequenceClassification', config: { ...SIZES, ...V3, hidden_size: 18, num_attention_heads: 3, position_buckets: 64, max_position_embeddings: 64, share_att_key: false, num_labels: 1 } },
  { name: 'absolute positions + token types + embed_proj, no rel LayerNorm, 6 buckets', seed: 1804, cls: 'DebertaV2ForSequenceClassification', config: { ...SIZES, ...V3, position_buckets: 6, position_biased_input: true, type_vocab_size: 2, embedding_size: 12, norm_rel_ebd: 'none' } },
  { name: 'relative_attention off (plain scaled attention), bare model', seed: 1805, cls: 'DebertaV2Model', config: { ...SIZES, ...V3, relative_attention: false, pos_att_type: null, position_biased_input: true } },
];

function inputsFor(vocab: number, seed: number, types: boolean) {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648), 2 + (s % (vocab - 2)));
  const lens = [40, 23, 7];
  const T = 40;
  const ids = lens.map((l) => [...Array.from({ length: l }, r), ...Array(T - l).fill(0)]);
  const mask = lens.map((l) => [...Array(l).fill(1), ...Array(T - l).fill(0)]);
  const tt = lens.map((l) => Array.from({ length: T }, (_, t) => (types && t >= l / 2 && t < l ? 1 : 0)));
  return {
    batches: [
      { name: 'right_padded', input_ids: ids, attention_mask: mask, token_type_ids: types ? tt : null, position_ids: null },
      { name: 'short', input_ids: [ids[2].slice(0, 7)], attention_mask: [mask[2].slice(0, 7)], token_type_ids: types ? [tt[2].slice(0, 7)] : null, position_ids: null },
    ],
  };
}

describe.skipIf(reason !== null)('DeBERTa-v2 corner cases vs the HF oracle', () => {
  beforeAll(initBackendForTests);

  for (const c of DEBERTA_ORACLE_CASES) {
    test(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'peftbench-deberta-oracle-'));
      const config = { model_type: 'deberta-v2', architectures: [c.cls], ...c.config };
      writeFileSync(join(dir, 'in-config.json'), JSON.stringify(config));
      const model = join(dir, 'model');
      execFileSync('python3', [ORACLE, 'init-weights', '--config', join(dir, 'in-config.json'), '--seed', String(c.seed), '--out', model], { stdio: 'pipe' });
      const inputs = inputsFor(c.config.vocab_size as number, c.seed, (c.config.type_vocab_size as number) > 0);
      writeFileSync(join(dir, 'inputs.json'), JSON.stringify(inputs));
      execFileSync('python3', [ORACLE, 'hf-outputs', '--model', model, '--inputs', join(dir, 'inputs.json'), '--out', join(dir, 'expected.json')], { stdio: 'pipe' });
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const task = c.cls.endsWith('TokenClassification') ? 'token-classification' : c.cls.endsWith('SequenceClassification') ? 'sequence-classification' : 'bare';
      const { model: m, report } = await loadModel(model, { task });
      expect(report.newlyInitialised).toEqual([]);
      const worst = { logits: 0, hidden: 0, pooler: 0 };
      inputs.batches.forEach((b, i) => {
        const exp = expected.batches[i];
        tf.tidy(() => {
          const out = m.forward({ inputIds: b.input_ids, attentionMask: b.attention_mask, tokenTypeIds: b.token_type_ids ?? undefined }, { outputHiddenStates: true });
          if (exp.logits) worst.logits = Math.max(worst.logits, maxAbsDiffToExpected(out.logits!, exp.logits));
          else expect(out.logits).toBeUndefined();
          exp.hidden_states.forEach((hs: unknown, l: number) => (worst.hidden = Math.max(worst.hidden, maxAbsDiffToExpected(out.hiddenStates![l], hs))));
          worst.hidden = Math.max(worst.hidden, maxAbsDiffToExpected(out.lastHiddenState, exp.last_hidden_state));
          if (exp.pooler_output) worst.pooler = Math.max(worst.pooler, maxAbsDiffToExpected(out.poolerOutput!, exp.pooler_output));
        });
      });
      console.log(`${c.name}: max |diff| logits ${worst.logits.toExponential(1)}, hidden ${worst.hidden.toExponential(1)}, pooler ${worst.pooler.toExponential(1)}`);
      expect(worst.logits).toBeLessThan(1e-4);
      expect(worst.hidden).toBeLessThan(1e-4);
      expect(worst.pooler).toBeLessThan(1e-4);
      m.dispose();
    }, 300_000);
  }
});
