import { causalLayout, type CausalExample } from '../common/causal.ts';
import { contentIds, type EncodingTokenizer } from '../common/tokenizer.ts';
import { lineariseMr, type MrFormat } from './mr.ts';

export interface E2eEncodeOptions {
  /** 'raw' MR string (RED) or the IT-Tuning linearisation. Default 'raw'. */
  mrFormat?: MrFormat;
  /** Source tokens including its EOS (RED: 64). */
  maxSource?: number;
  /** Target tokens including the final EOS (RED: 100). */
  maxTarget?: number;
  /** End the source with EOS (RED: "MR + EOS"). Default true. */
  sourceEos?: boolean;
  /** Token ids inserted between source and target (IT-Tuning information tokens, prompts). */
  insertIds?: number[];
  /** Text put before the reference before tokenizing; ' ' (default) as GPT-2 pipelines encode ' ' + ref. */
  targetPrefix?: string;
  /** Default: tokenizer.special.eos. */
  eosId?: number;
}

/**
 * Encode E2E items for a causal LM: source (MR [+ EOS], at most maxSource) | inserted | target
 * (reference, at most maxTarget - 1 tokens, + EOS). Items without `ref` become generation prompts.
 * Pad with `batches(..., { padSide })`: 'left' for batched generation, 'right' for training.
 */
export function e2eEncode(items: readonly { mr: string; ref?: string; idx: number }[], tokenizer: EncodingTokenizer, opts: E2eEncodeOptions = {}): CausalExample[] {
  const eos = opts.eosId ?? tokenizer.special.eos;
  if (eos === undefined) throw new Error('e2eEncode: the tokenizer has no eos token; pass eosId');
  const maxSource = opts.maxSource ?? 64;
  const maxTarget = opts.maxTarget ?? 100;
  const sourceEos = opts.sourceEos ?? true;
  return items.map((it) => {
    const src = contentIds(tokenizer, lineariseMr(it.mr, opts.mrFormat ?? 'raw'));
    const source = sourceEos ? [...src.slice(0, maxSource - 1), eos] : src.slice(0, maxSource);
    const target = it.ref === undefined ? undefined : [...contentIds(tokenizer, (opts.targetPrefix ?? ' ') + it.ref).slice(0, maxTarget - 1), eos];
    return causalLayout(source, opts.insertIds ?? [], target, it.idx);
  });
}
