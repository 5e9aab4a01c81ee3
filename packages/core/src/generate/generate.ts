/**
 * `generate(model, prompt, options)`: batched greedy or beam-search decoding from a decoder, with or
 * without the KV cache (same results either way). Prompts are left-padded by the caller (attention mask 0
 * on the left), as HF's generate expects for decoder-only models.
 */
import { InputError } from '@peftbench/util';
import { DecoderModel } from '../models/decoder-base.ts';
import { firstEosId } from '../models/decoder-config.ts';
import { DecodeSession } from './session.ts';
import { greedySearch } from './greedy.ts';
import { beamSearch } from './beam.ts';
import { parseGenerateOptions, type GenerateOptionsInput } from './options.ts';
import { generateSeq2seq, isEncoderDecoder } from './seq2seq.ts';
import type { T5Model } from '../models/t5.ts';

export interface GeneratePrompt {
  inputIds: number[][];
  /** Defaults to all ones. Left padding: zeros first. */
  attentionMask?: number[][];
}

export interface GenerateOutput {
  /** Prompt + generated tokens; beam search: numReturnSequences rows per prompt, best first. */
  sequences: number[][];
  /** The generated part of each row. */
  newTokens: number[][];
  /** Beam search: the length-normalised score of each returned sequence. */
  sequenceScores?: number[];
  /** Greedy with outputScores: [step][row] processed logits. */
  scores?: Float32Array[][];
}

export function generate(model: DecoderModel | T5Model, prompt: GeneratePrompt, options: GenerateOptionsInput): GenerateOutput {
  if (isEncoderDecoder(model)) return generateSeq2seq(model, prompt, options); // T5: see seq2seq.ts
  if (!(model instanceof DecoderModel) || model.task !== 'causal-lm') throw new InputError(`generate: needs a causal-LM decoder, got ${model.architecture} (${model.task})`);
  const opts = parseGenerateOptions(options);
  const { inputIds } = prompt;
  const B = inputIds.length;
  if (B === 0 || inputIds[0].length === 0) throw new InputError('generate prompt [inputIds]: empty');
  const T = inputIds[0].length;
  const mask = prompt.attentionMask ?? inputIds.map((r) => r.map(() => 1));
  if (inputIds.some((r) => r.length !== T) || mask.length !== B || mask.some((r) => r.length !== T)) {
    throw new InputError(`generate prompt [attentionMask]: rows must all have the prompt length ${T}`);
  }
  const longest = Math.max(...mask.map((r) => r.reduce((a, m) => a + m, 0)));
  if (longest + opts.maxNewTokens > model.maxPositions) {
    throw new InputError(`generate options [maxNewTokens]: a prompt of ${longest} tokens + ${opts.maxNewTokens} new tokens exceeds config.json [${model.maxPositionsField}] ${model.maxPositions}`);
  }
  const cfgEos = firstEosId(model.config as { eos_token_id?: number | number[] | null });
  const eosRaw = opts.eosTokenId === undefined ? (model.config.eos_token_id as number | number[] | null | undefined) : opts.eosTokenId;
  const eos = eosRaw === null || eosRaw === undefined ? [] : Array.isArray(eosRaw) ? eosRaw : [eosRaw];
  const pad = opts.padTokenId ?? (model.config.pad_token_id as number | null | undefined) ?? eos[0] ?? cfgEos ?? null;
  if (opts.numBeams > 1 && eos.length > 0 && pad === null) throw new InputError('generate options [padTokenId]: beam search with an eos token needs a pad token');

  const session = new DecodeSession(model, inputIds, mask, opts.useCache);
  try {
    if (opts.numBeams === 1) {
      const r = greedySearch(session, opts, eos, pad);
      return { sequences: r.sequences, newTokens: r.sequences.map((s) => s.slice(T)), scores: r.scores };
    }
    const r = beamSearch(session, opts, eos, pad);
    return { sequences: r.sequences, newTokens: r.sequences.map((s) => s.slice(T)), sequenceScores: r.sequenceScores };
  } finally {
    session.dispose();
  }
}
