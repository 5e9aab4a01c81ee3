/**
 * GLUE as text-to-text for encoder-decoders (T5), the setup RED Table 3 uses: RED §4.4 and Appendix B.3 say they
 * "followed the setting of Asai et al. (2022)" (ATTEMPT), which casts every GLUE task as text-to-text for T5 as
 * Raffel et al. (2020) did. Here:
 *
 * - source: `<task> <field>: <text> [<field2>: <text2>]`, T5's own GLUE input format (Raffel et al. App. D:
 *   the task name, then each field named, e.g. `rte sentence1: … sentence2: …`), ending in `</s>` (the tokenizer's);
 * - target: the label as a word (Raffel et al.'s label words, below; GLUE's label ids in order), STS-B's score
 *   rounded to the nearest 0.2 and printed with one decimal (`3.8`), as Raffel et al. §2.7 do;
 * - training: teacher-forced cross-entropy on the target tokens (core's seq2seq loss, `causal-lm` task);
 * - prediction: **scoring** of every candidate target (each label word; STS-B's 26 scores 0.0 … 5.0): the sum of
 *   the target tokens' log-probabilities given the source, the best one wins. This is constrained decoding: it
 *   equals greedy generation whenever greedy generation emits a valid label, and never emits an invalid one;
 * - metrics: as for the task (@peftbench/metrics glueTaskMetrics: accuracy, F1, MCC, Pearson / Spearman).
 *
 * Called from glue-run.ts when the model folder's config.json is an encoder-decoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModel, type BackendInfo, type Batch, type T5Model } from '@peftbench/core';
import type { GlueExample, GlueTask } from '@peftbench/datasets';
import { glueMainMetric, glueTaskMetrics } from '@peftbench/metrics';
import { loadTokenizer, type TextTokenizer } from '@peftbench/tokenizers';
import { InputError, Rng } from '@peftbench/util';
import { fineTune } from '../fine-tune.ts';
import { glueRunData, lengthNote } from './glue-data.ts';
import { planRunForSpec } from '../memory-plan.ts';
import type { RunProgress, RunResult, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { usableLength } from './max-length.ts';
import { modelCommitOf, provenanceOf } from './provenance.ts';

/** Whether the model folder holds an encoder-decoder (config.json `is_encoder_decoder` or a T5 model_type). */
export function isEncoderDecoderDir(dir: string): boolean {
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  } catch {
    return false; // the loader reports a missing or broken config.json with its own message
  }
  return cfg.is_encoder_decoder === true || cfg.model_type === 't5';
}

/** The field names of each task's input (GLUE's column names) and its label words, in GLUE label-id order. */
export const T5_GLUE_FORMAT: Record<GlueTask, { fields: [string] | [string, string]; labels: string[] | null }> = {
  cola: { fields: ['sentence'], labels: ['unacceptable', 'acceptable'] },
  sst2: { fields: ['sentence'], labels: ['negative', 'positive'] },
  mrpc: { fields: ['sentence1', 'sentence2'], labels: ['not_equivalent', 'equivalent'] },
  qqp: { fields: ['question1', 'question2'], labels: ['not_duplicate', 'duplicate'] },
  stsb: { fields: ['sentence1', 'sentence2'], labels: null },
  mnli: { fields: ['premise', 'hypothesis'], labels: ['entailment', 'neutral', 'contradiction'] },
  qnli: { fields: ['question', 'sentence'], labels: ['entailment', 'not_entailment'] },
  rte: { fields: ['sentence1', 'sentence2'], labels: ['entailment', 'not_entailment'] },
  wnli: { fields: ['sentence1', 'sentence2'], labels: ['not_entailment', 'entailment'] },
};

/** STS-B targets: 0.0, 0.2, …, 5.0. */
export const STSB_TARGETS = Array.from({ length: 26 }, (_, i) => (i / 5).toFixed(1));

export function t5Source(task: GlueTask, e: GlueExample): string {
  const { fields } = T5_GLUE_FORMAT[task];
  const parts = [`${task} ${fields[0]}: ${e.text}`];
  if (fields.length === 2) parts.push(`${fields[1]}: ${e.textPair ?? ''}`);
  return parts.join(' ');
}

/** The candidate targets in prediction order (label ids for classification; STSB_TARGETS for STS-B). */
export function t5Candidates(task: GlueTask): string[] {
  return T5_GLUE_FORMAT[task].labels ?? STSB_TARGETS;
}

export function t5Target(task: GlueTask, label: number): string {
  const words = T5_GLUE_FORMAT[task].labels;
  if (!words) return (Math.round(Math.min(5, Math.max(0, label)) * 5) / 5).toFixed(1);
  const w = words[label];
  if (w === undefined) throw new InputError(`${task} data [label]: ${label} is not a label id of ${task} (0..${words.length - 1})`);
  return w;
}

/** A candidate's index → the prediction glueTaskMetrics takes (class id, or the score for STS-B). */
export function t5Prediction(task: GlueTask, candidate: number): number {
  return T5_GLUE_FORMAT[task].labels ? candidate : Number(STSB_TARGETS[candidate]);
}

interface Encoded {
  source: number[];
  target: number[];
}

/** Source ids cut to maxLength (keeping the final `</s>`), target ids (with `</s>`). */
function encodeAll(task: GlueTask, examples: GlueExample[], tok: TextTokenizer, maxLength: number): Encoded[] {
  return examples.map((e) => {
    let source = tok.encode(t5Source(task, e)).ids;
    if (source.length > maxLength) source = [...source.slice(0, maxLength - 1), source[source.length - 1]];
    return { source, target: tok.encode(t5Target(task, e.label)).ids };
  });
}

/** Right-padded encoder input (pad id, mask 0) and, when given, targets padded with -100 (also used by e2e-seq2seq.ts). */
export function collate(rows: { source: number[]; target?: number[] }[], padId: number): Batch {
  const T = Math.max(...rows.map((r) => r.source.length));
  const inputIds = rows.map((r) => [...r.source, ...Array(T - r.source.length).fill(padId)]);
  const attentionMask = rows.map((r) => r.source.map(() => 1).concat(Array(T - r.source.length).fill(0)));
  const L = Math.max(1, ...rows.map((r) => r.target?.length ?? 0));
  const labels = rows.map((r) => [...(r.target ?? []), ...Array(L - (r.target?.length ?? 0)).fill(-100)]);
  return { inputIds, attentionMask, labels };
}

function* trainBatches(encoded: Encoded[], o: { batchSize: number; shuffle: boolean; rng: Rng }, padId: number): Iterable<Batch> {
  const order = encoded.map((_, i) => i);
  if (o.shuffle) o.rng.shuffle(order);
  for (let i = 0; i < order.length; i += o.batchSize) yield collate(order.slice(i, i + o.batchSize).map((j) => encoded[j]), padId);
}

/**
 * Index of the best-scoring candidate for every example: the encoder runs once per batch, then the decoder once
 * per candidate (teacher-forced), summing the log-probabilities of the candidate's tokens.
 */
export function scoreCandidates(model: T5Model, sources: number[][], candidates: number[][], padId: number, batchSize: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < sources.length; i += batchSize) {
    const rows = sources.slice(i, i + batchSize).map((source) => ({ source }));
    const b = collate(rows, padId);
    const best = tf.tidy(() => {
      const enc = model.encode({ inputIds: b.inputIds, attentionMask: b.attentionMask }).state;
      const scores = candidates.map((c) => {
        const labels = rows.map(() => c);
        const logits = model.forward({ inputIds: b.inputIds, attentionMask: b.attentionMask, labels }, { encoderState: enc }).logits!; // [B, Tc, V]
        const logp = tf.logSoftmax(logits, -1);
        const onehot = tf.oneHot(tf.tensor2d(labels, [rows.length, c.length], 'int32'), logits.shape[2] as number);
        return tf.sum(tf.mul(logp, onehot), [1, 2]); // [B]
      });
      return tf.argMax(tf.stack(scores, 1), 1).dataSync();
    });
    out.push(...Array.from(best));
  }
  return out;
}

/** One GLUE run on an encoder-decoder, text-to-text (see the file comment). */
export async function runGlueT5(spec: RunSpec, onProgress: (p: RunProgress) => void, ctx: { dir: string; started: number; backend: BackendInfo }): Promise<RunResult> {
  const { dir, started, backend } = ctx;
  const h = spec.hyper;
  const task = spec.task as GlueTask;
  if (!T5_GLUE_FORMAT[task]) throw new InputError(`run ${spec.id} [task]: '${spec.task}' is not a GLUE task`);
  onProgress({ phase: 'load', step: 0, totalSteps: 0 });
  const { dataCommit, train: trainExamples, validation, test, mismatched } = await glueRunData(spec, task);
  const tok = await loadTokenizer(dir);
  const padId = tok.special.pad ?? 0;
  planRunForSpec({ spec, dir, task: { kind: 'causal-lm' }, backend: backend.name, tokenizer: tok }); // refuses before loading when the step cannot fit
  const { model } = await loadModel<T5Model>(dir, { task: 'causal-lm', seed: spec.seed });
  const provenance = provenanceOf(spec, await modelCommitOf(spec), dataCommit);
  try {
    const maxLength = usableLength(spec, model.config, dir);
    const trainEnc = encodeAll(task, trainExamples, tok, maxLength);
    const candidates = t5Candidates(task).map((c) => tok.encode(c).ids);
    const evalBatch = Math.max(32, h.batchSize);
    const metricsOn = (examples: GlueExample[]) => {
      const sources = encodeAll(task, examples, tok, maxLength).map((e) => e.source);
      const preds = scoreCandidates(model, sources, candidates, padId, evalBatch).map((c) => t5Prediction(task, c));
      return glueTaskMetrics(task, preds, examples.map((e) => e.label)) as unknown as Record<string, number>;
    };
    const mainMetric = glueMainMetric(task).main as string;
    const { result, trainableParams, history, selective } = await fineTune({
      spec,
      model,
      tokenizer: tok,
      task: { kind: 'causal-lm' },
      batches: (o) => trainBatches(trainEnc, o, padId),
      trainSize: trainEnc.length,
      selection: { metric: mainMetric, mode: 'max', evaluate: () => metricsOn(validation) },
      onProgress,
    });
    let testMetrics: Record<string, number> | undefined;
    if (result.best && test !== validation) testMetrics = metricsOn(test);
    if (result.best && mismatched) testMetrics = { ...(testMetrics ?? result.best.metrics), accuracy_mm: metricsOn(mismatched).accuracy };
    return runResultOf(result, { trainableParams, testMetrics, modelDir: dir, started, backend, history, selective, message: lengthNote(spec, maxLength), data: { train: trainEnc.length, selection: validation.length, report: test.length }, provenance });
  } finally {
    model.dispose();
  }
}
