/**
 * An E2E run's data and decoding settings: the sweep's hyper (`extra` keys, families.ts e2eExtraSchema) over the
 * method's paper defaults (PeftMethod.familyDefaults.e2e) over the defaults here. Decoding (method-specs.md):
 * RED's authors (and every method that states nothing else) = beam 10, no_repeat_ngram 4, length penalty 0.9,
 * 64 new tokens. Input layout (RED's authors): MR + EOS ≤ 64 tokens, reference + EOS ≤ 100.
 */
import { getMethod } from '@peftbench/core';
import { InputError } from '@peftbench/util';
import { e2eExtraSchema } from '../families.ts';
import type { Hyper } from '../run-types.ts';
import '../methods.ts';

export interface DecodeSettings {
  numBeams: number;
  noRepeatNgramSize: number;
  lengthPenalty: number;
  maxNewTokens: number;
}

export interface E2eSettings {
  mrFormat: 'raw' | 'table';
  maxSource: number;
  /** Reference tokens including the final EOS (the sweep's `maxLength`). */
  maxTarget: number;
  decode: DecodeSettings;
  /** Prompts per generate() call. */
  genBatchSize: number;
}

export const DEFAULT_DECODING: DecodeSettings = { numBeams: 10, noRepeatNgramSize: 4, lengthPenalty: 0.9, maxNewTokens: 64 };

export function e2eSettings(method: string, hyper: Hyper, where: string): E2eSettings {
  const paperDefaults = getMethod(method).familyDefaults?.e2e ?? {};
  const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.keys(e2eExtraSchema.shape).filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  const paper = e2eExtraSchema.safeParse(pick(paperDefaults));
  if (!paper.success) throw new Error(`method '${method}' familyDefaults.e2e: ${paper.error.issues[0].message}`);
  const r = e2eExtraSchema.safeParse(pick(hyper));
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`${where} [hyper.${issue.path.join('.')}]: ${issue.message}`);
  }
  const x = { ...paper.data, ...r.data };
  return {
    mrFormat: x.mrFormat ?? 'raw',
    maxSource: x.maxSource ?? 64,
    maxTarget: hyper.maxLength,
    decode: {
      numBeams: x.numBeams ?? DEFAULT_DECODING.numBeams,
      noRepeatNgramSize: x.noRepeatNgramSize ?? DEFAULT_DECODING.noRepeatNgramSize,
      lengthPenalty: x.lengthPenalty ?? DEFAULT_DECODING.lengthPenalty,
      maxNewTokens: x.maxNewTokens ?? DEFAULT_DECODING.maxNewTokens,
    },
    genBatchSize: x.genBatchSize ?? 16,
  };
}
