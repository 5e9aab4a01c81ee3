/**
 * One CoNLL-2003 NER run: model (pretrained tiny encoder, local folder or hub) with a token-classification
 * head + method → train on train, evaluate span F1 on validation (conlleval counting), keep the best
 * checkpoint, report its metrics on test. A pure function of the RunSpec (seed included).
 *
 * Protocol (ID3 §4.1 / Table 7b: train on train, F1 every Eval_Steps): 'dev' and 'id3' both select on the
 * validation split (eng.testa); since CoNLL ships a labelled test split (eng.testb), the selected
 * checkpoint is also scored there and that is what the tables print. 'red-split' (halving a dev set that
 * is the only labelled evaluation data) has no meaning here and is refused.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, loadModel, resolveModelDir, TokenKind, type Batch, type ModelInput, type PreTrainedModel } from '@peftbench/core';
import { batches, conllEncode, loadConll, NER_LABELS, predictionsToWords, type ConllSentence, type DataSource, type EncodedTokens } from '@peftbench/datasets';
import { conllEval } from '@peftbench/metrics';
import { loadTokenizer } from '@peftbench/tokenizers';
import { InputError } from '@peftbench/util';
import { ensurePretrained } from '../pretrain/pretrain.ts';
import { checkRunHyper, evalSample, fineTune, trainSample } from '../fine-tune.ts';
import { planRunForSpec } from '../memory-plan.ts';
import { usableLength } from './max-length.ts';
import type { PrepareFn, RunFn, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { modelCommitOf, provenanceOf } from './provenance.ts';
import { prepareModels } from './prepare.ts';

/** The selection metric (validation) and the reported one (test): conlleval's overall span F1. */
export const CONLL_SELECTION_METRIC = 'f1';
/** Entity types in the order the tables print them. */
export const CONLL_TYPES = ['PER', 'LOC', 'ORG', 'MISC'] as const;

/**
 * The model folder. `pretrain:<recipe>` always pretrains on the demo GLUE-shaped corpus: the pretraining
 * module reads no CoNLL text (its corpus is demo or a GLUE folder), so one cached model serves demo and
 * real CoNLL runs alike; words outside its restricted vocabulary fall back to byte-level pieces.
 */
export async function conllModelDir(spec: Pick<RunSpec, 'model'>, onProgress?: (step: number, total: number, loss: number) => void): Promise<string> {
  if (spec.model.startsWith('pretrain:')) {
    return ensurePretrained(spec.model.slice('pretrain:'.length), { corpus: { kind: 'demo' }, onProgress: (p) => onProgress?.(p.step, p.totalSteps, p.loss) });
  }
  return resolveModelDir(spec.model);
}

/** Pretrain / download each model once before the workers start (idempotent: both are caches). */
export const prepareConll: PrepareFn = prepareModels(conllModelDir);

/** The datasets package's source for a spec; demo size from `hyper.extra.demoSize` (train sentences). */
export function conllSource(spec: Pick<RunSpec, 'data' | 'hyper' | 'id'>): DataSource {
  if (spec.data.kind === 'folder') return { kind: 'folder', dir: spec.data.dir };
  if (spec.data.kind === 'hub') return { kind: 'hub' };
  const size = spec.hyper.demoSize;
  if (size !== undefined && !(typeof size === 'number' && Number.isInteger(size) && size > 0)) {
    throw new InputError(`run ${spec.id} [hyper.demoSize]: expected a positive integer, got ${JSON.stringify(size)}`);
  }
  return { kind: 'demo', seed: 0, size: size as number | undefined };
}

/**
 * Span-level metrics as fractions (conlleval prints percentages): overall precision / recall / f1, token
 * accuracy, and per entity type f1_X, precision_X, recall_X (0 when a type is neither in gold nor guessed).
 */
export function conllMetrics(gold: string[][], predicted: string[][]): Record<string, number> {
  const r = conllEval(gold, predicted, 'iob2');
  const out: Record<string, number> = { f1: r.f1 / 100, precision: r.precision / 100, recall: r.recall / 100, accuracy: r.accuracy / 100 };
  const types = [...new Set([...CONLL_TYPES, ...Object.keys(r.perType)])];
  for (const t of types) {
    const c = r.perType[t];
    out[`f1_${t}`] = c ? c.f1 / 100 : 0;
    out[`precision_${t}`] = c ? c.precision / 100 : 0;
    out[`recall_${t}`] = c ? c.recall / 100 : 0;
  }
  return out;
}

/**
 * Row `b` of per-position predictions back in the input's own positions: methods that insert tokens
 * (transformInput) mark them TokenKind.inserted; the remaining positions are the input's, in order.
 */
export function sourcePositions(row: number[], transformed: ModelInput, b: number, inputLength: number): number[] {
  const kinds = transformed.tokenKinds?.[b];
  if (!kinds || row.length === inputLength) return row.slice(0, inputLength);
  return row.filter((_, t) => kinds[t] !== TokenKind.inserted).slice(0, inputLength);
}

/** IOB2 tag strings per word for each encoded sentence (argmax of the head; truncated words get 'O'). */
export function predictTags(model: PreTrainedModel, encoded: EncodedTokens[], padId: number, batchSize: number): string[][] {
  const out: string[][] = new Array(encoded.length);
  const byIdx = new Map(encoded.map((e, i) => [e.idx, i]));
  for (const b of batches(encoded, { batchSize, padId })) {
    const input: ModelInput = { inputIds: b.inputIds, attentionMask: b.attentionMask, tokenTypeIds: b.tokenTypeIds };
    let ids: number[][] = [];
    let transformed: ModelInput = input;
    tf.tidy(() => {
      const o = model.forward(input, { training: false });
      ids = o.logits!.argMax(-1).arraySync() as number[][];
      transformed = o.input;
    });
    ids.forEach((row, k) => {
      const i = byIdx.get(b.idx[k])!;
      const words = predictionsToWords(sourcePositions(row, transformed, k, b.inputIds[k].length), encoded[i]);
      out[i] = words.map((id) => NER_LABELS[id] ?? 'O');
    });
  }
  return out;
}

export { modelMaxTokens } from './max-length.ts';

/** Sentences with their idx renumbered 0..n-1 so that predictions map back by position. */
const indexed = (s: ConllSentence[]): ConllSentence[] => s.map((x, i) => ({ ...x, idx: i }));

export const runConll: RunFn = async (spec, onProgress) => {
  const started = Date.now();
  checkRunHyper(spec);
  if (spec.task !== 'conll2003') throw new InputError(`run ${spec.id} [task]: the conll family has one task, conll2003 (got '${spec.task}')`);
  if (spec.protocol === 'red-split') {
    throw new InputError(`run ${spec.id} [protocol]: 'red-split' does not apply to CoNLL-2003 (it has labelled validation and test splits); use 'dev' or 'id3'`);
  }
  const backend = await initBackend();
  const h = spec.hyper;
  const dir = await conllModelDir(spec, (step, total, loss) => onProgress({ phase: 'pretrain', step, totalSteps: total, loss }));
  onProgress({ phase: 'load', step: 0, totalSteps: 0 });
  const data = await loadConll({ source: conllSource(spec) });
  // a limit takes a seeded sample of train (not the first documents) and the first sentences of each eval split
  const trainSentences = indexed(trainSample(data.splits.train, spec));
  const valSentences = indexed(evalSample(data.splits.validation, spec));
  const testSentences = indexed(evalSample(data.splits.test, spec));

  const numLabels = NER_LABELS.length;
  planRunForSpec({ spec, dir, task: { kind: 'token-classification', numLabels }, backend: backend.name }); // refuses before loading when the step cannot fit
  const { model } = await loadModel(dir, { task: 'token-classification', numLabels, seed: spec.seed });
  try {
    const tok = await loadTokenizer(dir);
    const padId = tok.special.pad ?? 0;
    // ID3 Table 7b uses 384 tokens; a small model has fewer positions, so long sentences are cut there
    // (cut words are predicted 'O' and still count against recall)
    const maxLength = usableLength(spec, model.config, dir);
    const enc = (s: ConllSentence[]) => conllEncode(s, tok, { maxLength });
    const trainEnc = enc(trainSentences);
    const valEnc = enc(valSentences);
    const testEnc = enc(testSentences);
    const evalBatch = Math.max(32, h.batchSize);
    const metricsOn = (encoded: EncodedTokens[], sentences: ConllSentence[]) =>
      conllMetrics(sentences.map((s) => s.ner), predictTags(model, encoded, padId, evalBatch));
    const { result, trainableParams, history, selective } = await fineTune({
      spec,
      model,
      tokenizer: tok,
      task: { kind: 'token-classification', numLabels },
      batches: (o) => batches(trainEnc, { ...o, padId }) as Iterable<Batch>,
      trainSize: trainEnc.length,
      selection: { metric: CONLL_SELECTION_METRIC, mode: 'max', evaluate: () => metricsOn(valEnc, valSentences) },
      onProgress,
    });
    // the best validation checkpoint has been restored: score it on test
    const testMetrics = result.best ? metricsOn(testEnc, testSentences) : undefined;
    return runResultOf(result, { trainableParams, testMetrics, modelDir: dir, started, backend, history, selective, provenance: provenanceOf(spec, await modelCommitOf(spec), undefined), data: { train: trainEnc.length, selection: valEnc.length, report: testEnc.length } });
  } finally {
    model.dispose();
  }
};
