import type { EncodedExample } from '../common/batch.ts';
import type { EncodingTokenizer } from '../common/tokenizer.ts';
import { mathEvalPrompt, mathPrompt } from './template.ts';
import type { MathRecord } from './types.ts';

export interface MathEncodeOptions {
  /** LLM-Adapters cutoff_len (256). */
  cutoffLength?: number;
  /**
   * Loss on the prompt too. Default false: loss on the response only (LLM-Adapters' own default is
   * train_on_inputs=True; pass true to reproduce it).
   */
  trainOnInputs?: boolean;
  eosId?: number;
}

export interface EncodedMath extends EncodedExample {
  label: number[];
  /** Tokens of the prompt part (masked from the loss unless trainOnInputs). */
  promptLength: number;
}

/**
 * Causal-LM training examples as LLM-Adapters' finetune.py builds them: tokenize the full prompt (with
 * the tokenizer's special tokens), cut at cutoffLength, append EOS when the text ended before the cutoff,
 * labels = ids with the prompt part (the template with an empty response, no EOS) set to -100.
 */
export function mathEncodeTrain(records: readonly MathRecord[], tokenizer: EncodingTokenizer, opts: MathEncodeOptions = {}): EncodedMath[] {
  const cutoff = opts.cutoffLength ?? 256;
  const eos = opts.eosId ?? tokenizer.special.eos;
  if (eos === undefined) throw new Error('mathEncodeTrain: the tokenizer has no eos token; pass eosId');
  return records.map((r) => {
    const ids = tokenizer.encode(mathPrompt(r.instruction, r.input, r.output)).ids.slice(0, cutoff);
    if (ids[ids.length - 1] !== eos && ids.length < cutoff) ids.push(eos);
    const promptLength = Math.min(tokenizer.encode(mathPrompt(r.instruction, r.input, '')).ids.slice(0, cutoff).length, ids.length);
    const label = opts.trainOnInputs ? ids.slice() : [...ids.slice(0, promptLength).map(() => -100), ...ids.slice(promptLength)];
    return { inputIds: ids, typeIds: ids.map(() => 0), label, idx: r.idx, promptLength };
  });
}

/** Generation prompts as evaluate.py builds them (instruction only); pad on the left for batching. */
export function mathEncodePrompt(records: readonly MathRecord[], tokenizer: EncodingTokenizer): EncodedMath[] {
  return records.map((r) => {
    const ids = tokenizer.encode(mathEvalPrompt(r.instruction)).ids;
    return { inputIds: ids, typeIds: ids.map(() => 0), label: ids.map(() => -100), idx: r.idx, promptLength: ids.length };
  });
}
