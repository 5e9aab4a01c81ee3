/**
 * One math-reasoning run (LLM-Adapters protocol, scaled down): decoder (tiny GPT-2 pretrained on the math
 * training text, or a local / hub folder) + method (task causal-lm) → fine-tune on the training records
 * with the loss on the response only (mathEncodeTrain) → keep the checkpoint with the lowest response
 * loss on the held-out training part → greedy generation for every prompt of every eval set
 * (mathEncodePrompt, evaluate.py's template) → mathAccuracy per set (evaluate.py's answer extraction).
 * testMetrics: `accuracy_<set>` per eval set and `accuracy_avg` (their unweighted mean, as the papers'
 * Avg column). A pure function of the RunSpec (seed included).
 */
import { initBackend, loadModel, resolveModelDir, DecoderModel } from '@peftbench/core';
import { mathEncodePrompt, mathEncodeTrain, type MathRecord } from '@peftbench/datasets';
import { mathAccuracy } from '@peftbench/metrics';
import { loadTokenizer } from '@peftbench/tokenizers';
import { InputError } from '@peftbench/util';
import { ensurePretrainedDecoder } from '../pretrain/decoder.ts';
import { checkRunHyper, trainSample } from '../fine-tune.ts';
import { planRunForSpec } from '../memory-plan.ts';
import type { PrepareFn, RunFn, RunSpec } from '../run-types.ts';
import { runResultOf } from './run-result.ts';
import { modelCommitOf, provenanceOf } from './provenance.ts';
import { prepareModels } from './prepare.ts';
import { trainOnTargets } from './e2e-batches.ts';
import { generateOutputs } from './e2e-generate.ts';
import { evalSubset, mathSplitsFor } from '../data/math-data.ts';
import { toCausal } from './math-encode.ts';
import { accuracyKey, AVERAGE_KEY, mathSettings } from './math-settings.ts';

/** The model folder for a spec's `model` (pretraining the decoder on the math training text on first use). */
export async function mathModelDir(spec: Pick<RunSpec, 'model' | 'data'>, onProgress?: (step: number, total: number, loss: number) => void): Promise<string> {
  if (spec.model.startsWith('pretrain:')) {
    return ensurePretrainedDecoder(spec.model.slice('pretrain:'.length), { corpus: { kind: 'math', data: spec.data }, onProgress: (p) => onProgress?.(p.step, p.totalSteps, p.loss) });
  }
  return resolveModelDir(spec.model);
}

/** Pretrain / download every model the sweep needs once, before parallel workers start. */
export const prepareMath: PrepareFn = prepareModels(mathModelDir);

export const runMath: RunFn = async (spec, onProgress) => {
  const started = Date.now();
  checkRunHyper(spec);
  const backend = await initBackend();
  const h = spec.hyper;
  const where = `run ${spec.id}`;
  const settings = mathSettings(h, where, spec.task);
  const dir = await mathModelDir(spec, (step, total, loss) => onProgress({ phase: 'pretrain', step, totalSteps: total, loss }));
  onProgress({ phase: 'load', step: 0, totalSteps: 0 });
  const splits = await mathSplitsFor(spec.data, settings.evalSets);
  const tok = await loadTokenizer(dir);
  const eos = tok.special.eos;
  if (eos === undefined) throw new InputError(`${dir}/tokenizer.json: no eos token (math training ends each response with one)`);

  const trainRecords = spec.hyper.trainLimit ? trainSample(splits.train, spec).map((r, idx) => ({ ...r, idx })) : splits.train;
  const enc = { cutoffLength: settings.cutoffLength, eosId: eos };
  const trainEnc = toCausal(mathEncodeTrain(trainRecords, tok, enc));
  const selEnc = toCausal(mathEncodeTrain(evalSubset(splits.selection, settings.evalLimit), tok, enc));
  const evalSets: [string, MathRecord[]][] = settings.evalSets.map((s) => [s, evalSubset(splits.evalSets[s], settings.evalLimit)]);

  planRunForSpec({ spec, dir, task: { kind: 'causal-lm' }, backend: backend.name, tokenizer: tok, seqLen: settings.cutoffLength }); // refuses before loading when the step cannot fit
  const { model } = await loadModel(dir, { task: 'causal-lm', seed: spec.seed });
  try {
    if (!(model instanceof DecoderModel)) throw new InputError(`${dir}/config.json [model_type]: math runs need a decoder (gpt2, llama), got ${model.config.model_type}`);
    const { result, trainableParams, history, selective } = await trainOnTargets({ model, tokenizer: tok, spec, train: trainEnc, select: selEnc, padId: eos, onProgress });

    // the best checkpoint is restored: greedy answers for every eval problem, scored per set
    let testMetrics: Record<string, number> | undefined;
    if (result.best && Number.isFinite(result.best.value)) {
      testMetrics = {};
      const maxPrompt = model.maxPositions - settings.maxNewTokens;
      const total = evalSets.reduce((s, [, rs]) => s + rs.length, 0);
      let done = 0;
      for (const [set, records] of evalSets) {
        const genStarted = Date.now();
        // prompts longer than the context minus the new tokens keep their last tokens (logged)
        const prompts = toCausal(mathEncodePrompt(records, tok).map((e) => (e.inputIds.length > maxPrompt ? { ...e, inputIds: e.inputIds.slice(-maxPrompt), typeIds: e.typeIds.slice(-maxPrompt), label: e.label.slice(-maxPrompt), promptLength: maxPrompt } : e)));
        const cut = records.filter((_, i) => prompts[i].inputIds.length === maxPrompt).length;
        const completions = generateOutputs(model, prompts, tok, {
          decode: { numBeams: 1, noRepeatNgramSize: 0, lengthPenalty: 1, maxNewTokens: settings.maxNewTokens },
          batchSize: settings.genBatchSize,
          eos,
          onBatch: (n) => onProgress({ phase: 'generate', step: done + n, totalSteps: total }),
        });
        done += records.length;
        const score = mathAccuracy(completions, records.map((r) => r.answer), set);
        testMetrics[accuracyKey(set)] = score.accuracy;
        // the run's log (logs/<run-id>.log) shows what the model wrote
        console.log(`${set}: accuracy ${score.correct}/${score.total} in ${((Date.now() - genStarted) / 1000).toFixed(1)} s${cut ? `, ${cut} prompt(s) cut to their last ${maxPrompt} tokens` : ''}`);
        for (let i = 0; i < Math.min(2, records.length); i++) console.log(`  gold ${records[i].answer} → ${JSON.stringify(completions[i])}`);
      }
      const accs = evalSets.map(([s]) => testMetrics![accuracyKey(s)]);
      testMetrics[AVERAGE_KEY] = accs.reduce((a, b) => a + b, 0) / accs.length;
    }
    return runResultOf(result, { trainableParams, testMetrics, modelDir: dir, started, backend, history, selective, provenance: provenanceOf(spec, await modelCommitOf(spec), undefined), data: { train: trainEnc.length, selection: selEnc.length, report: evalSets.reduce((s, [, rs]) => s + rs.length, 0) }, message: `${splits.description}; greedy decoding, ≤ ${settings.maxNewTokens} new tokens${settings.evalLimit ? `; ≤ ${settings.evalLimit} problems per eval set (seeded subset)` : ''}` });
  } finally {
    model.dispose();
  }
};
