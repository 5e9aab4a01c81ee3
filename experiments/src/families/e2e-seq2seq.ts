/**
 * E2E NLG as seq2seq for encoder-decoders (T5): the MR (linearised as the method's settings say, + `</s>`) is the
 * encoder input, the reference (+ `</s>`) the decoder target; the loss is core's teacher-forced seq2seq loss on the
 * target tokens; the checkpoint with the lowest mean target loss on the selection split is kept (as the decoder
 * path does); outputs come from core's encoder-decoder generate (greedy or beam, the method's decoding settings)
 * and are scored with the official-style E2E metrics against every reference of the MR.
 * Called from e2e-run.ts when the model is an encoder-decoder; the encoding (e2eEncode's causal layout, no inserted
 * tokens) is split back into source and target here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { computeLoss, type BackendInfo, type Batch, type T5Model } from '@peftbench/core';
import type { CausalExample } from '@peftbench/datasets';
import { scoreE2E } from '@peftbench/metrics';
import type { TextTokenizer } from '@peftbench/tokenizers';
import { InputError, Rng } from '@peftbench/util';
import { fineTune } from '../fine-tune.ts';
import type { RunProgress, RunResult, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { collate } from './glue-t5.ts';
import { generateTexts } from './e2e-generate.ts';
import type { DecodeSettings } from './e2e-settings.ts';

export interface Seq2seqPair {
  source: number[];
  target: number[];
}

/** Source (with its `</s>`) and target (with `</s>`; empty for a generation prompt) of a causal-layout example. */
export function seq2seqPair(e: CausalExample, where: string): Seq2seqPair {
  if (e.insertLength > 0) throw new InputError(`${where}: inserted tokens between source and target have no place in an encoder-decoder input (method settings insert ${e.insertLength})`);
  return { source: e.inputIds.slice(0, e.sourceLength), target: e.inputIds.slice(e.insertStart + e.insertLength, e.insertStart + e.insertLength + e.targetLength) };
}

function* pairBatches(pairs: Seq2seqPair[], o: { batchSize: number; shuffle: boolean; rng?: Rng }, padId: number): Generator<Batch> {
  const order = pairs.map((_, i) => i);
  if (o.shuffle && o.rng) o.rng.shuffle(order);
  for (let i = 0; i < order.length; i += o.batchSize) yield collate(order.slice(i, i + o.batchSize).map((j) => pairs[j]), padId);
}

/** Mean target-token cross-entropy (dropout off), weighted by each batch's target tokens. */
export function meanSeq2seqLoss(model: T5Model, pairs: Seq2seqPair[], batchSize: number, padId: number): number {
  let sum = 0;
  let count = 0;
  for (const b of pairBatches(pairs, { batchSize, shuffle: false }, padId)) {
    const n = (b.labels as number[][]).reduce((s, r) => s + r.filter((y) => y !== -100).length, 0);
    if (n === 0) continue;
    sum += tf.tidy(() => computeLoss(model, b, { training: false }).dataSync()[0]) * n;
    count += n;
  }
  return count === 0 ? NaN : sum / count;
}

/** Generated text per prompt (encoder input right-padded), cut at `</s>`. */
export function generateSeq2seqOutputs(model: T5Model, prompts: Seq2seqPair[], tok: TextTokenizer, opts: { decode: DecodeSettings; batchSize: number; eos: number; padId: number; onBatch?: (done: number, total: number) => void }): string[] {
  const batches = pairBatches(prompts.map((p) => ({ source: p.source, target: [] })), { batchSize: opts.batchSize, shuffle: false }, opts.padId);
  return generateTexts(model, batches, prompts.length, tok, opts);
}

export async function runE2eSeq2seq(a: {
  spec: RunSpec;
  model: T5Model;
  tok: TextTokenizer;
  train: CausalExample[];
  select: CausalExample[];
  prompts: CausalExample[];
  refs: string[][];
  decode: DecodeSettings;
  genBatchSize: number;
  eos: number;
  metrics: readonly string[];
  dir: string;
  started: number;
  backend: BackendInfo;
  message: string;
  provenance: RunResult['provenance'];
  onProgress: (p: RunProgress) => void;
}): Promise<RunResult> {
  const { spec, model, tok } = a;
  const where = `run ${spec.id}`;
  const padId = tok.special.pad ?? (model.config.pad_token_id as number | undefined) ?? 0;
  const train = a.train.map((e) => seq2seqPair(e, where));
  const select = a.select.map((e) => seq2seqPair(e, where));
  const prompts = a.prompts.map((e) => seq2seqPair(e, where));
  const { result, trainableParams, history, selective } = await fineTune({
    spec,
    model,
    tokenizer: tok,
    task: { kind: 'causal-lm' },
    batches: (o) => pairBatches(train, o, padId),
    trainSize: train.length,
    selection: { metric: 'loss', mode: 'min', evaluate: () => ({ loss: meanSeq2seqLoss(model, select, Math.max(16, spec.hyper.batchSize), padId) }) },
    onProgress: a.onProgress,
  });
  let testMetrics: Record<string, number> | undefined;
  if (result.best && Number.isFinite(result.best.value)) {
    const hyps = generateSeq2seqOutputs(model, prompts, tok, { decode: a.decode, batchSize: a.genBatchSize, eos: a.eos, padId, onBatch: (done, total) => a.onProgress({ phase: 'generate', step: done, totalSteps: total }) });
    const scores = scoreE2E(hyps, a.refs) as unknown as Record<string, number>;
    testMetrics = Object.fromEntries(a.metrics.map((k) => [k, scores[k]]));
    for (let i = 0; i < Math.min(3, hyps.length); i++) console.log(`  → ${JSON.stringify(hyps[i])}`);
  }
  return runResultOf(result, { trainableParams, testMetrics, modelDir: a.dir, started: a.started, backend: a.backend, history, selective, provenance: a.provenance, data: { train: train.length, selection: select.length, report: prompts.length }, message: `${a.message}; encoder-decoder (seq2seq)` });
}
