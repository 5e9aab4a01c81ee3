/**
 * System outputs for E2E: one generation per MR from the source-only prompt (left-padded, batched), beam
 * search with the KV cache, the output cut at its first EOS (RED's authors: "output cut at the next EOS"),
 * decoded without special tokens and stripped, as the official scorer reads a line.
 */
import { generate, type DecoderModel, type T5Model } from '@peftbench/core';
import type { CausalExample } from '@peftbench/datasets';
import type { TextTokenizer } from '@peftbench/tokenizers';
import { causalBatches } from './e2e-batches.ts';
import type { DecodeSettings } from './e2e-settings.ts';

/** The generated ids up to (not including) the first EOS. */
export function cutAtEos(ids: readonly number[], eos: number): number[] {
  const end = ids.indexOf(eos);
  return end < 0 ? [...ids] : ids.slice(0, end);
}

/** Generated text per prompt of `batches` (in order), cut at EOS: the decoding loop every E2E model kind shares. */
export function generateTexts(
  model: DecoderModel | T5Model,
  batches: Iterable<{ inputIds: number[][]; attentionMask: number[][] }>,
  total: number,
  tok: TextTokenizer,
  opts: { decode: DecodeSettings; eos: number; padId: number; onBatch?: (done: number, total: number) => void },
): string[] {
  const outputs: string[] = [];
  for (const b of batches) {
    const r = generate(model, { inputIds: b.inputIds, attentionMask: b.attentionMask }, {
      maxNewTokens: opts.decode.maxNewTokens,
      numBeams: opts.decode.numBeams,
      noRepeatNgramSize: opts.decode.noRepeatNgramSize,
      lengthPenalty: opts.decode.lengthPenalty,
      eosTokenId: opts.eos,
      padTokenId: opts.padId,
    });
    for (const ids of r.newTokens) outputs.push(tok.decode(cutAtEos(ids, opts.eos), { skipSpecialTokens: true }).trim());
    opts.onBatch?.(outputs.length, total);
  }
  return outputs;
}

export function generateOutputs(
  model: DecoderModel,
  prompts: readonly CausalExample[],
  tok: TextTokenizer,
  opts: { decode: DecodeSettings; batchSize: number; eos: number; onBatch?: (done: number, total: number) => void },
): string[] {
  const batches = causalBatches(prompts, { batchSize: opts.batchSize, padId: opts.eos, padSide: 'left' });
  return generateTexts(model, batches, prompts.length, tok, { decode: opts.decode, eos: opts.eos, padId: opts.eos, onBatch: opts.onBatch });
}
