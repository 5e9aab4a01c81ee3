/**
 * One GLUE run: model (pretrained tiny encoder, local folder or hub) + method + task data under the
 * run's protocol → train with evaluation → metrics of the selected checkpoint. A pure function of the
 * RunSpec (seed included): same spec and backend ⇒ same numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getMethod, initBackend, loadModel, parseMethodConfig, resolveModelDir, train, type Batch, type PreTrainedModel } from '@peftbench/core';
import { applyProtocol, batches, glueEncode, loadGlue, type GlueExample } from '@peftbench/datasets';
import { glueMainMetric, glueTaskMetrics } from '@peftbench/metrics';
import { loadTokenizer, type TextTokenizer } from '@peftbench/tokenizers';
import { Rng } from '@peftbench/util';
import { ensurePretrained } from '../pretrain/pretrain.ts';
import '../methods.ts';
import type { PrepareFn, RunFn, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { prepareModels } from './prepare.ts';

/** The model folder for a spec's `model` string (pretraining it on first use). */
export async function modelDirFor(spec: Pick<RunSpec, 'model' | 'data'>, onProgress?: (step: number, total: number, loss: number) => void): Promise<string> {
  if (spec.model.startsWith('pretrain:')) {
    const corpus = spec.data.kind === 'folder' ? { kind: 'glue' as const, dir: spec.data.dir } : { kind: 'demo' as const };
    return ensurePretrained(spec.model.slice('pretrain:'.length), { corpus, onProgress: (p) => onProgress?.(p.step, p.totalSteps, p.loss) });
  }
  return resolveModelDir(spec.model);
}

/** Pretrain / download every model the sweep needs once, before parallel workers start. */
export const prepareGlue: PrepareFn = prepareModels(modelDirFor);

function encode(examples: GlueExample[], tok: TextTokenizer, maxLength: number) {
  return glueEncode(examples, tok, { maxLength });
}

/** Predictions (class ids, or scores for regression) over examples, in order. */
function predict(model: PreTrainedModel, encoded: ReturnType<typeof encode>, padId: number, batchSize: number, regression: boolean): number[] {
  const preds: number[] = [];
  for (const b of batches(encoded, { batchSize, padId })) {
    const out = tf.tidy(() => {
      const logits = model.forward({ inputIds: b.inputIds, attentionMask: b.attentionMask, tokenTypeIds: b.tokenTypeIds }).logits!;
      return regression ? logits.reshape([-1]).dataSync() : logits.argMax(-1).dataSync();
    });
    preds.push(...Array.from(out));
  }
  return preds;
}

export const runGlue: RunFn = async (spec, onProgress) => {
  const started = Date.now();
  const backend = await initBackend();
  const h = spec.hyper;
  const dir = await modelDirFor(spec, (step, total, loss) => onProgress({ phase: 'pretrain', step, totalSteps: total, loss }));
  onProgress({ phase: 'load', step: 0, totalSteps: 0 });
  const source = spec.data.kind === 'folder' ? { kind: 'folder' as const, dir: spec.data.dir } : spec.data.kind === 'hub' ? { kind: 'hub' as const } : { kind: 'demo' as const, seed: 0 };
  const data = await loadGlue(spec.task, { source });
  const splits = applyProtocol(data, spec.protocol, spec.seed);
  const limit = typeof h.limit === 'number' ? h.limit : undefined;
  const trainExamples = limit ? new Rng(spec.seed).shuffle(splits.train).slice(0, limit) : splits.train;
  const tok = await loadTokenizer(dir);
  const padId = tok.special.pad ?? 0;
  const { model } = await loadModel(dir, { task: 'sequence-classification', numLabels: data.numLabels, seed: spec.seed });
  // never longer than the model's positions (RoBERTa offsets them by padding_idx + 1)
  const cfg = model.config as { max_position_embeddings: number; pad_token_id?: number; model_type: string };
  const maxLength = Math.min(h.maxLength, cfg.max_position_embeddings - (cfg.model_type === 'roberta' ? (cfg.pad_token_id ?? 1) + 1 : 0));
  const trainEnc = encode(trainExamples, tok, maxLength);
  const valEnc = encode(splits.validation, tok, maxLength);
  const testEnc = splits.test === splits.validation ? valEnc : encode(splits.test, tok, maxLength);
  const mmEnc = splits.mismatched ? encode(splits.mismatched.test, tok, maxLength) : undefined;
  try {
    const method = getMethod(spec.method);
    const config = parseMethodConfig(method, spec.methodConfig, `run ${spec.id} method '${spec.method}'`);
    const applied = method.apply(model, config, { kind: 'sequence-classification', numLabels: data.numLabels });
    const trainableParams = model.params.countTrainable();
    const mainMetric = glueMainMetric(spec.task).main as string;
    const evalBatch = Math.max(32, h.batchSize);
    const metricsOn = (encoded: ReturnType<typeof encode>, examples: GlueExample[]) =>
      glueTaskMetrics(spec.task, predict(model, encoded, padId, evalBatch, data.isRegression), examples.map((e) => e.label)) as unknown as Record<string, number>;
    const stepsPerEpoch = Math.ceil(trainEnc.length / h.batchSize);
    const result = await train({
      model,
      applied,
      trainBatches: (epoch) => batches(trainEnc, { batchSize: h.batchSize, shuffle: true, rng: new Rng(spec.seed * 7919 + epoch), padId }) as Iterable<Batch>,
      prepareBatches: (bs) => batches(trainEnc, { batchSize: bs, shuffle: true, rng: new Rng(spec.seed), padId }) as Iterable<Batch>,
      stepsPerEpoch,
      epochs: h.epochs,
      maxSteps: h.maxSteps,
      learningRate: h.learningRate,
      weightDecay: h.weightDecay,
      schedule: { kind: 'linear', warmupRatio: h.warmupRatio },
      maxGradNorm: typeof h.maxGradNorm === 'number' ? h.maxGradNorm : undefined,
      seed: spec.seed,
      evaluation: {
        every: h.evalEvery ?? 'epoch',
        metric: mainMetric,
        mode: 'max',
        evaluate: () => {
          onProgress({ phase: 'eval', step: 0, totalSteps: 0 });
          return metricsOn(valEnc, splits.validation);
        },
      },
      onProgress: (p) => onProgress({ phase: 'train', step: p.step, totalSteps: p.totalSteps, loss: p.loss }),
    });
    // the best checkpoint is restored: report its metrics on the report split where it differs
    let testMetrics: Record<string, number> | undefined;
    if (result.best && splits.test !== splits.validation) testMetrics = metricsOn(testEnc, splits.test);
    if (result.best && mmEnc && splits.mismatched) {
      const mm = metricsOn(mmEnc, splits.mismatched.test);
      testMetrics = { ...(testMetrics ?? result.best.metrics), accuracy_mm: mm.accuracy };
    }
    return runResultOf(result, { trainableParams: trainableParams, testMetrics: testMetrics, modelDir: dir, started, backend });
  } finally {
    model.dispose();
  }
};
