/**
 * An E2E run's data and decoding settings: the sweep's hyper (`extra` keys included) over the defaults of
 * the method's paper. Decoding (method-specs.md): IT-Tuning Table 4 = beam 10, no_repeat_ngram 5, length
 * penalty 1.2, 64 new tokens; RED's authors (and everything else here) = beam 10, no_repeat_ngram 4,
 * length penalty 0.9. Input layout (RED's authors): MR + EOS ≤ 64 tokens, reference + EOS ≤ 100; IT-Tuning
 * feeds the linearised table (`name : X | eatType : Y`), the others the raw MR.
 */
import { z } from 'zod';
import { InputError } from '@peftbench/util';
import type { Hyper } from '../run-types.ts';

export interface DecodeSettings {
  numBeams: number;
  noRepeatNgramSize: number;
  lengthPenalty: number;
  maxNewTokens: number;
}

export interface E2eSettings {
  mrFormat: 'raw' | 'it-tuning';
  maxSource: number;
  /** Reference tokens including the final EOS (the sweep's `maxLength`). */
  maxTarget: number;
  decode: DecodeSettings;
  /** Prompts per generate() call. */
  genBatchSize: number;
  /** Only this many training pairs (seeded sample); MRs / pairs of the report and selection splits. */
  trainLimit?: number;
  evalLimit?: number;
}

export const PAPER_DECODING: Record<'it-tuning' | 'default', DecodeSettings> = {
  'it-tuning': { numBeams: 10, noRepeatNgramSize: 5, lengthPenalty: 1.2, maxNewTokens: 64 },
  default: { numBeams: 10, noRepeatNgramSize: 4, lengthPenalty: 0.9, maxNewTokens: 64 },
};

const positiveInt = z.number().int().positive();
const extraSchema = z.object({
  mrFormat: z.enum(['raw', 'it-tuning']).optional(),
  maxSource: positiveInt.optional(),
  numBeams: positiveInt.optional(),
  noRepeatNgramSize: z.number().int().nonnegative().optional(),
  lengthPenalty: z.number().finite().optional(),
  maxNewTokens: positiveInt.optional(),
  genBatchSize: positiveInt.optional(),
  trainLimit: positiveInt.optional(),
  evalLimit: positiveInt.optional(),
});

export function e2eSettings(method: string, hyper: Hyper, where: string): E2eSettings {
  const r = extraSchema.safeParse(Object.fromEntries(Object.keys(extraSchema.shape).filter((k) => hyper[k] !== undefined).map((k) => [k, hyper[k]])));
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${where} [hyper.${issue.path.join('.')}]: ${issue.message}`);
  }
  const x = r.data;
  const paper = method === 'it-tuning' ? PAPER_DECODING['it-tuning'] : PAPER_DECODING.default;
  return {
    mrFormat: x.mrFormat ?? (method === 'it-tuning' ? 'it-tuning' : 'raw'),
    maxSource: x.maxSource ?? 64,
    maxTarget: hyper.maxLength,
    decode: {
      numBeams: x.numBeams ?? paper.numBeams,
      noRepeatNgramSize: x.noRepeatNgramSize ?? paper.noRepeatNgramSize,
      lengthPenalty: x.lengthPenalty ?? paper.lengthPenalty,
      maxNewTokens: x.maxNewTokens ?? paper.maxNewTokens,
    },
    genBatchSize: x.genBatchSize ?? 16,
    trainLimit: x.trainLimit,
    evalLimit: x.evalLimit,
  };
}
