/**
 * One GLUE run: model (pretrained tiny encoder, local folder or hub) + method + task data under the
 * run's protocol → fineTune with evaluation → metrics of the selected checkpoint. A pure function of the
 * RunSpec (seed included): same spec and backend ⇒ same numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, loadModel, resolveModelDir, type Batch, type PreTrainedModel } from '@peftbench/core';
import { batches, glueEncode, type GlueExample, type GlueTask } from '@peftbench/datasets';
import { glueMainMetric, glueTaskMetrics } from '@peftbench/metrics';
import { loadTokenizer, type TextTokenizer } from '@peftbench/tokenizers';
import { ensurePretrained } from '../pretrain/pretrain.ts';
import { checkRunHyper, fineTune } from '../fine-tune.ts';
import { glueRunData, lengthNote } from './glue-data.ts';
import { planRunForSpec } from '../memory-plan.ts';
import type { PrepareFn, RunFn, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { prepareModels } from './prepare.ts';
import { usableLength } from './max-length.ts';
import { modelCommitOf, provenanceOf } from './provenance.ts';
import { isEncoderDecoderDir, runGlueT5 } from './glue-t5.ts';

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
  checkRunHyper(spec);
  const backend = await initBackend();
  const h = spec.hyper;
  const dir = await modelDirFor(spec, (step, total, loss) => onProgress({ phase: 'pretrain', step, totalSteps: total, loss }));
  // encoder-decoders (T5): GLUE as text-to-text (glue-t5.ts)
  if (isEncoderDecoderDir(dir)) return runGlueT5(spec, onProgress, { dir, started, backend });
  onProgress({ phase: 'load', step: 0, totalSteps: 0 });
  const { data, dataCommit, train: trainExamples, validation, test, mismatched } = await glueRunData(spec, spec.task as GlueTask);
  const tok = await loadTokenizer(dir);
  const padId = tok.special.pad ?? 0;
  planRunForSpec({ spec, dir, task: { kind: 'sequence-classification', numLabels: data.numLabels }, backend: backend.name, tokenizer: tok }); // refuses before loading when the step cannot fit
  const { model } = await loadModel(dir, { task: 'sequence-classification', numLabels: data.numLabels, seed: spec.seed });
  const provenance = provenanceOf(spec, await modelCommitOf(spec), dataCommit);
  try {
    const maxLength = usableLength(spec, model.config, dir);
    const trainEnc = encode(trainExamples, tok, maxLength);
    const valEnc = encode(validation, tok, maxLength);
    const testEnc = test === validation ? valEnc : encode(test, tok, maxLength);
    const mmEnc = mismatched ? encode(mismatched, tok, maxLength) : undefined;
    const mainMetric = glueMainMetric(spec.task).main as string;
    const evalBatch = Math.max(32, h.batchSize);
    const metricsOn = (encoded: ReturnType<typeof encode>, examples: GlueExample[]) =>
      glueTaskMetrics(spec.task, predict(model, encoded, padId, evalBatch, data.isRegression), examples.map((e) => e.label)) as unknown as Record<string, number>;
    const { result, trainableParams, history, selective } = await fineTune({
      spec,
      model,
      tokenizer: tok,
      task: { kind: 'sequence-classification', numLabels: data.numLabels },
      batches: (o) => batches(trainEnc, { ...o, padId }) as Iterable<Batch>,
      trainSize: trainEnc.length,
      selection: { metric: mainMetric, mode: 'max', evaluate: () => metricsOn(valEnc, validation) },
      onProgress,
    });
    // the best checkpoint is restored: report its metrics on the report split where it differs
    let testMetrics: Record<string, number> | undefined;
    if (result.best && test !== validation) testMetrics = metricsOn(testEnc, test);
    if (result.best && mmEnc && mismatched) {
      const mm = metricsOn(mmEnc, mismatched);
      testMetrics = { ...(testMetrics ?? result.best.metrics), accuracy_mm: mm.accuracy };
    }
    return runResultOf(result, { trainableParams, testMetrics, modelDir: dir, started, backend, history, selective, message: lengthNote(spec, maxLength), data: { train: trainEnc.length, selection: valEnc.length, report: testEnc.length }, provenance });
  } finally {
    model.dispose();
  }
};
