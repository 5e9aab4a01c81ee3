/**
 * `generateSeq2seq(model, prompt, options)`: greedy or beam-search decoding from an encoder-decoder (T5),
 * as HF generate() does for T5ForConditionalGeneration (transformers 4.35): the encoder reads the prompt
 * once (right padding with attention mask 0 is fine: T5 has no absolute positions), the decoder starts from
 * `decoder_start_token_id` and extends one token per step, with or without the KV cache (same results).
 * Greedy and beam search are the decoder-only ones (greedy.ts, beam.ts) over a `Seq2SeqSession`; returned
 * sequences are decoder sequences: the start token, then the new ids. Beam scores divide by the decoder
 * length including the start token (4.35 behaviour).
 */
import { InputError } from '@peftbench/util';
import type { T5Model } from '../models/t5.ts';
import { Seq2SeqSession } from './seq2seq-session.ts';
import { greedySearch } from './greedy.ts';
import { beamSearch } from './beam.ts';
import { parseGenerateOptions, type GenerateOptionsInput } from './options.ts';
import type { GenerateOutput, GeneratePrompt } from './generate.ts';

/** An encoder-decoder model generate() can drive. */
export function isEncoderDecoder(model: unknown): model is T5Model {
  return typeof model === 'object' && model !== null && (model as { isEncoderDecoder?: boolean }).isEncoderDecoder === true;
}

export function generateSeq2seq(model: T5Model, prompt: GeneratePrompt, options: GenerateOptionsInput): GenerateOutput {
  if (!isEncoderDecoder(model) || model.task !== 'causal-lm') throw new InputError(`generate: needs an encoder-decoder with its LM head, got ${(model as { architecture?: string }).architecture} (${(model as { task?: string }).task})`);
  const opts = parseGenerateOptions(options);
  const { inputIds } = prompt;
  const B = inputIds.length;
  if (B === 0 || inputIds[0].length === 0) throw new InputError('generate prompt [inputIds]: empty');
  const T = inputIds[0].length;
  const mask = prompt.attentionMask ?? inputIds.map((r) => r.map(() => 1));
  if (inputIds.some((r) => r.length !== T) || mask.length !== B || mask.some((r) => r.length !== T)) {
    throw new InputError(`generate prompt [attentionMask]: rows must all have the prompt length ${T}`);
  }
  const start = model.cfg.decoder_start_token_id;
  if (start === undefined || start === null) throw new InputError('config.json [decoder_start_token_id]: an encoder-decoder needs it to start decoding');
  const eosRaw = opts.eosTokenId === undefined ? model.cfg.eos_token_id : opts.eosTokenId;
  const eos = eosRaw === null || eosRaw === undefined ? [] : Array.isArray(eosRaw) ? eosRaw : [eosRaw];
  const pad = opts.padTokenId ?? model.cfg.pad_token_id ?? eos[0] ?? null;
  if (opts.numBeams > 1 && eos.length > 0 && pad === null) throw new InputError('generate options [padTokenId]: beam search with an eos token needs a pad token');

  const session = new Seq2SeqSession(model, inputIds, mask, start, opts.useCache);
  try {
    if (opts.numBeams === 1) {
      const r = greedySearch(session, opts, eos, pad);
      return { sequences: r.sequences, newTokens: r.sequences.map((s) => s.slice(1)), scores: r.scores };
    }
    const r = beamSearch(session, opts, eos, pad);
    return { sequences: r.sequences, newTokens: r.sequences.map((s) => s.slice(1)), sequenceScores: r.sequenceScores };
  } finally {
    session.dispose();
  }
}
