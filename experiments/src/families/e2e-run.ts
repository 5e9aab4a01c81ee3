/**
 * One E2E NLG run: decoder (pretrained tiny GPT-2, local folder or hub) + method (task causal-lm) →
 * fine-tune on (MR → reference) pairs with the loss on the reference only → keep the checkpoint with the
 * lowest selection loss (RED's authors: validation loss) → generate one output per MR of the report split
 * (beam search, the method paper's decoding settings) → official-style E2E scores against every reference
 * of that MR. A pure function of the RunSpec (seed included).
 */
import { initBackend, loadModel, resolveModelDir, DecoderModel, T5Model } from '@peftbench/core';
import { e2eEncode } from '@peftbench/datasets';
import { scoreE2E } from '@peftbench/metrics';
import { loadTokenizer } from '@peftbench/tokenizers';
import { InputError } from '@peftbench/util';
import { ensurePretrainedDecoder } from '../pretrain/decoder.ts';
import { checkRunHyper, evalSample, trainSample } from '../fine-tune.ts';
import { planRunForSpec } from '../memory-plan.ts';
import type { PrepareFn, RunFn, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { modelCommitOf, provenanceOf } from './provenance.ts';
import { prepareModels } from './prepare.ts';
import { trainOnTargets } from './e2e-batches.ts';
import { e2eSplitsFor, type E2eSource } from '../data/e2e-data.ts';
import { generateOutputs } from './e2e-generate.ts';
import { e2eSettings } from './e2e-settings.ts';
import { runE2eSeq2seq } from './e2e-seq2seq.ts';

/** The five official E2E metrics, as scoreE2E returns them (BLEU/METEOR/ROUGE-L fractions, NIST/CIDEr raw). */
export const E2E_METRICS = ['bleu', 'nist', 'meteor', 'rougeL', 'cider'] as const;

const sourceOf = (spec: Pick<RunSpec, 'data'>): E2eSource => spec.data;

/** The model folder for a spec's `model` (pretraining the decoder on the run's training text on first use). */
export async function e2eModelDir(spec: Pick<RunSpec, 'model' | 'data'>, onProgress?: (step: number, total: number, loss: number) => void): Promise<string> {
  if (spec.model.startsWith('pretrain:')) {
    return ensurePretrainedDecoder(spec.model.slice('pretrain:'.length), { corpus: sourceOf(spec), onProgress: (p) => onProgress?.(p.step, p.totalSteps, p.loss) });
  }
  return resolveModelDir(spec.model);
}

/** Pretrain / download every model the sweep needs once, before parallel workers start. */
export const prepareE2e: PrepareFn = prepareModels(e2eModelDir);

export const runE2e: RunFn = async (spec, onProgress) => {
  const started = Date.now();
  checkRunHyper(spec);
  const backend = await initBackend();
  const h = spec.hyper;
  const where = `run ${spec.id}`;
  const settings = e2eSettings(spec.method, h, where);
  const dir = await e2eModelDir(spec, (step, total, loss) => onProgress({ phase: 'pretrain', step, totalSteps: total, loss }));
  onProgress({ phase: 'load', step: 0, totalSteps: 0 });
  const splits = await e2eSplitsFor(sourceOf(spec));
  const tok = await loadTokenizer(dir);
  const eos = tok.special.eos;
  if (eos === undefined) throw new InputError(`${dir}/tokenizer.json: no eos token (E2E needs one to end sources and references)`);

  // numbered by position (causalBatches looks examples up by idx)
  const renumber = <T extends { idx: number }>(xs: T[]) => xs.map((x, idx) => ({ ...x, idx }));
  const trainPairs = renumber(trainSample(splits.train, spec));
  const valPairs = renumber(evalSample(splits.validation, spec));
  const reportGroups = renumber(evalSample(splits.report, spec));
  const enc = { mrFormat: settings.mrFormat, maxSource: settings.maxSource, maxTarget: settings.maxTarget, eosId: eos };
  const trainEnc = e2eEncode(trainPairs, tok, enc);
  const valEnc = e2eEncode(valPairs, tok, enc);
  const prompts = e2eEncode(reportGroups.map((g) => ({ mr: g.mr, idx: g.idx })), tok, enc);

  planRunForSpec({ spec, dir, task: { kind: 'causal-lm' }, backend: backend.name, tokenizer: tok, seqLen: settings.maxSource + settings.maxTarget }); // refuses before loading when the step cannot fit
  const { model } = await loadModel(dir, { task: 'causal-lm', seed: spec.seed });
  try {
    // encoder-decoders (T5): E2E as seq2seq (e2e-seq2seq.ts)
    if (model instanceof T5Model) {
      const provenance = provenanceOf(spec, await modelCommitOf(spec), undefined);
      const message = `${splits.description}; decoding ${JSON.stringify(settings.decode)}; MR format ${settings.mrFormat}`;
      return await runE2eSeq2seq({ spec, model, tok, train: trainEnc, select: valEnc, prompts, refs: reportGroups.map((g) => g.refs), decode: settings.decode, genBatchSize: settings.genBatchSize, eos, metrics: E2E_METRICS, dir, started, backend, message, provenance, onProgress });
    }
    if (!(model instanceof DecoderModel)) throw new InputError(`${dir}/config.json [model_type]: E2E needs a decoder (gpt2, llama), got ${model.config.model_type}`);
    const { result, trainableParams, history, selective } = await trainOnTargets({ model, tokenizer: tok, spec, train: trainEnc, select: valEnc, padId: eos, onProgress });

    // the best checkpoint is restored: generate for every MR of the report split and score it
    let testMetrics: Record<string, number> | undefined;
    if (result.best && Number.isFinite(result.best.value)) {
      const genStarted = Date.now();
      const hyps = generateOutputs(model, prompts, tok, {
        decode: settings.decode,
        batchSize: settings.genBatchSize,
        eos,
        onBatch: (done, total) => onProgress({ phase: 'generate', step: done, totalSteps: total }),
      });
      const scores = scoreE2E(hyps, reportGroups.map((g) => g.refs));
      testMetrics = Object.fromEntries(E2E_METRICS.map((k) => [k, scores[k]]));
      // the run's log (logs/<run-id>.log) shows what the model wrote
      const empty = hyps.filter((x) => x === '').length;
      console.log(`${splits.reportSplit}: ${hyps.length} outputs in ${((Date.now() - genStarted) / 1000).toFixed(1)} s, ${empty} empty (EOS first)`);
      for (let i = 0; i < Math.min(3, hyps.length); i++) console.log(`  ${reportGroups[i].mr}\n    → ${JSON.stringify(hyps[i])}`);
    }
    return runResultOf(result, { trainableParams, testMetrics, modelDir: dir, started, backend, history, selective, provenance: provenanceOf(spec, await modelCommitOf(spec), undefined), data: { train: trainEnc.length, selection: valEnc.length, report: prompts.length }, message: `${splits.description}; decoding ${JSON.stringify(settings.decode)}; MR format ${settings.mrFormat}` });
  } finally {
    model.dispose();
  }
};
