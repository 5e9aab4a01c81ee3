/**
 * plan-calibrate: measure the peak of distinct backend buffers of one training step (gradientsOf, no optimizer)
 * on a grid of small configurations, next to the memory plan's estimate for the same step, and write the rows
 * (reports/bench/plan-calibration.json). The plan's coefficients (packages/core/src/plan/plan.ts) were fitted
 * to rows like these by non-negative least squares on the features named there, separately per family ×
 * recomputation × frozen/full backbone; rerun this after changing model code and refit when errors grow.
 *
 *   npx nx run bench:plan-calibrate                     # default grid, all families, ~1 min on 2 cores
 *   npx nx run bench:plan-calibrate -- --families gpt2 --layers 2,3
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { computeLoss, createModel, gradientsOf, initBackend, parseHfConfig, planMemory, trackBufferBytes, type Batch, type HfConfig, type TaskKind } from '@peftbench/core';
import { repoRoot, writeJsonAtomic } from '@peftbench/util';

/** [B, T, D, F, H, V] */
const GRID: number[][] = [
  [2, 64, 128, 512, 4, 300], [4, 32, 192, 768, 6, 500], [1, 128, 128, 512, 2, 300], [8, 32, 128, 256, 4, 300],
  [2, 48, 256, 512, 8, 200], [2, 96, 64, 256, 4, 800], [4, 64, 96, 384, 3, 300], [1, 64, 256, 1024, 4, 300],
];

function config(family: string, [, , D, F, H, V]: number[], L: number): { cfg: HfConfig; task: TaskKind } {
  if (family === 'encoder') return { cfg: parseHfConfig({ model_type: 'roberta', vocab_size: V, hidden_size: D, num_hidden_layers: L, num_attention_heads: H, intermediate_size: F, max_position_embeddings: 200, type_vocab_size: 1, layer_norm_eps: 1e-5, pad_token_id: 1, hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1, num_labels: 2 }), task: 'sequence-classification' };
  if (family === 'gpt2') return { cfg: parseHfConfig({ model_type: 'gpt2', vocab_size: V, n_positions: 200, n_embd: D, n_layer: L, n_head: H, n_inner: F, activation_function: 'gelu_new', resid_pdrop: 0.1, embd_pdrop: 0.1, attn_pdrop: 0.1, layer_norm_epsilon: 1e-5 }), task: 'causal-lm' };
  return { cfg: parseHfConfig({ model_type: 'llama', vocab_size: V, hidden_size: D, intermediate_size: F, num_hidden_layers: L, num_attention_heads: H, num_key_value_heads: H, max_position_embeddings: 200, rms_norm_eps: 1e-6, hidden_act: 'silu', tie_word_embeddings: false }), task: 'causal-lm' };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      families: { type: 'string', default: 'encoder,gpt2,llama' },
      layers: { type: 'string', default: '2,3' },
      out: { type: 'string', default: join(repoRoot, 'reports/bench/plan-calibration.json') },
    },
  });
  await initBackend({ backend: 'wasm' });
  const rows = [];
  console.log('| family | B×T | D | F | H | V | L | backbone | recompute | measured MiB | plan MiB | error |\n|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const family of values.families!.split(','))
    for (const g of GRID)
      for (const L of values.layers!.split(',').map(Number))
        for (const frozen of [false, true])
          for (const ckpt of [false, true]) {
            const [B, T] = g;
            const { cfg, task } = config(family, g, L);
            const model = createModel(cfg, task, { seed: 1 });
            model.gradientCheckpointing = ckpt;
            if (frozen) model.params.setTrainable((p) => p.owner === 'base' && !/\.bias$/.test(p.name), false);
            const ids = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => 3 + ((b * 7 + t * 3) % (g[5] - 4))));
            const batch = { inputIds: ids, attentionMask: ids.map((r) => r.map(() => 1)), labels: task === 'causal-lm' ? ids : ids.map((_, b) => b % 2) } as unknown as Batch;
            const names = model.params.trainable().map((p) => p.name);
            const trainable = model.params.trainable().reduce((s, p) => s + p.variable.size, 0);
            gradientsOf(model, batch, names).grads.forEach((x) => x.dispose()); // warm-up
            const weights = model.params.all().reduce((s, p) => s + p.variable.size, 0) * 4;
            const tr = trackBufferBytes(weights);
            let atLoss = 0;
            gradientsOf(model, batch, names, { loss: (m, b, o) => { const l = computeLoss(m, b, o); atLoss = tr.current(); return l; } }).grads.forEach((x) => x.dispose());
            const peak = tr.peak();
            tr.stop();
            const plan = planMemory({ config: cfg, task: { kind: task, numLabels: 2 }, trainable, batchSize: B, seqLen: T, backend: 'wasm', gradientCheckpointing: ckpt, keepBest: false });
            const estimate = plan.peakBytes - plan.bytes.optimizer - plan.bytes.backendOverhead; // tensors only
            const error = (estimate - peak) / peak;
            rows.push({ family, B, T, D: g[2], F: g[3], H: g[4], V: g[5], L, frozen, ckpt, weightsBytes: weights, trainable, keptAtLossBytes: atLoss - weights, peakBytes: peak, planBytes: estimate, error });
            console.log(`| ${family} | ${B}×${T} | ${g[2]} | ${g[3]} | ${g[4]} | ${g[5]} | ${L} | ${frozen ? 'frozen' : 'full'} | ${ckpt ? 'yes' : 'no'} | ${(peak / 2 ** 20).toFixed(1)} | ${(estimate / 2 ** 20).toFixed(1)} | ${(error * 100).toFixed(1)}% |`);
            model.dispose();
            if (tf.memory().numTensors > 10_000) throw new Error('tensors leak between rows');
          }
  writeJsonAtomic(values.out!, { date: new Date().toISOString(), rows });
  const worst = Math.max(...rows.map((r) => Math.abs(r.error)));
  console.log(`\nworst |error| ${(worst * 100).toFixed(1)}% over ${rows.length} rows; wrote ${values.out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
