/**
 * The llama2.c tokenizer file (tokenizer.bin / tok512.bin): int32 max_token_length, then per token
 * float32 score, int32 byte length, bytes. Ids 0-2 are <unk>, <s>, </s>; 3-258 byte fallbacks <0x00>..<0xFF>;
 * pieces use a plain leading space (sentencepiece's ▁ replaced).
 *
 * `encode` is llama2.c's run.c procedure (dummy leading space, characters or byte fallback, then
 * repeatedly merge the adjacent pair whose concatenation has the highest score); `decode` is run.c's too.
 * `toHfTokenizerJson` writes the same tokenizer in Hugging Face's Llama tokenizer.json layout (BPE with
 * byte fallback, merges ranked by the merged piece's score, as transformers' SentencePieceExtractor does).
 *
 * Hand-written: no npm package reads llama2.c's binary tokenizer format.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '@peftbench/util';

export const BOS_ID = 1;
export const EOS_ID = 2;
const BYTE_OFFSET = 3;

export interface Llama2cTokenizer {
  pieces: string[];
  scores: number[];
  maxTokenLength: number;
}

export function readLlama2cTokenizer(path: string, vocabSize: number): Llama2cTokenizer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (bytes.length < 4) throw new InputError(`${path}: too short for a llama2.c tokenizer`);
  const maxTokenLength = bytes.readInt32LE(0);
  const pieces: string[] = [];
  const scores: number[] = [];
  let off = 4;
  for (let i = 0; i < vocabSize; i++) {
    if (off + 8 > bytes.length) throw new InputError(`${path} [token ${i}]: file ends after ${i} of ${vocabSize} tokens`);
    scores.push(bytes.readFloatLE(off));
    const len = bytes.readInt32LE(off + 4);
    if (len < 0 || off + 8 + len > bytes.length) throw new InputError(`${path} [token ${i}]: byte length ${len} runs past the end of the file`);
    pieces.push(bytes.subarray(off + 8, off + 8 + len).toString('utf8'));
    off += 8 + len;
  }
  if (off !== bytes.length) throw new InputError(`${path}: ${bytes.length - off} trailing bytes after ${vocabSize} tokens (does the vocabulary size match the checkpoint?)`);
  return { pieces, scores, maxTokenLength };
}

/** llama2.c encode: [BOS] + dummy-prefix + text, merged greedily by score. */
export function llama2cEncode(tok: Llama2cTokenizer, text: string, opts: { bos?: boolean; eos?: boolean } = {}): number[] {
  const index = new Map<string, number>();
  tok.pieces.forEach((p, i) => {
    if (!index.has(p)) index.set(p, i);
  });
  const ids: number[] = [];
  if (opts.bos ?? true) ids.push(BOS_ID);
  if (text.length > 0) ids.push(index.get(' ')!);
  for (const ch of text) {
    const id = index.get(ch);
    if (id !== undefined) ids.push(id);
    else for (const b of Buffer.from(ch, 'utf8')) ids.push(b + BYTE_OFFSET);
  }
  const start = opts.bos ?? true ? 1 : 0;
  while (true) {
    let best = -1e10;
    let at = -1;
    let merged = -1;
    for (let i = start; i + 1 < ids.length; i++) {
      const id = index.get(tok.pieces[ids[i]] + tok.pieces[ids[i + 1]]);
      if (id !== undefined && tok.scores[id] > best) {
        best = tok.scores[id];
        at = i;
        merged = id;
      }
    }
    if (at < 0) break;
    ids.splice(at, 2, merged);
  }
  if (opts.eos) ids.push(EOS_ID);
  return ids;
}

/** llama2.c decode: byte tokens become bytes; the space after BOS is dropped. */
export function llama2cDecode(tok: Llama2cTokenizer, ids: number[]): string {
  const out: number[] = [];
  ids.forEach((id, i) => {
    if (id === BOS_ID || id === EOS_ID) return;
    if (id >= BYTE_OFFSET && id < BYTE_OFFSET + 256) {
      out.push(id - BYTE_OFFSET);
      return;
    }
    let piece = tok.pieces[id];
    if ((i === 0 || ids[i - 1] === BOS_ID) && piece.startsWith(' ')) piece = piece.slice(1);
    out.push(...Buffer.from(piece, 'utf8'));
  });
  return Buffer.from(out).toString('utf8');
}

const SPACE = '\u2581'; // ▁

/** Hugging Face tokenizer.json (Llama layout) for this vocabulary. */
export function toHfTokenizerJson(tok: Llama2cTokenizer): Record<string, unknown> {
  const hfPiece = (p: string, id: number) => (id < BYTE_OFFSET + 256 ? p : p.replaceAll(' ', SPACE));
  const pieces = tok.pieces.map(hfPiece);
  const vocab: Record<string, number> = {};
  pieces.forEach((p, i) => {
    if (!(p in vocab)) vocab[p] = i;
  });
  // Merges: every split of a regular piece into two pieces, ranked by the merged piece's score (best first).
  const merges: { left: string; right: string; score: number; tie: [number, number] }[] = [];
  pieces.forEach((p, id) => {
    if (id < BYTE_OFFSET + 256) return;
    const chars = [...p];
    for (let k = 1; k < chars.length; k++) {
      const left = chars.slice(0, k).join('');
      const right = chars.slice(k).join('');
      if (left in vocab && right in vocab) merges.push({ left, right, score: tok.scores[id], tie: [vocab[left], vocab[right]] });
    }
  });
  merges.sort((a, b) => b.score - a.score || a.tie[0] - b.tie[0] || a.tie[1] - b.tie[1]);
  const special = (id: number) => ({ id, content: pieces[id], single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0), special(BOS_ID), special(EOS_ID)],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: SPACE }, { type: 'Replace', pattern: { String: ' ' }, content: SPACE }] },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: pieces[BOS_ID], type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: pieces[BOS_ID], type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: pieces[BOS_ID], type_id: 1 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { [pieces[BOS_ID]]: { id: pieces[BOS_ID], ids: [BOS_ID], tokens: [pieces[BOS_ID]] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [{ type: 'Replace', pattern: { String: SPACE }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: pieces[0],
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab,
      merges: merges.map((m) => `${m.left} ${m.right}`),
    },
  };
}

export function hfTokenizerConfig(tok: Llama2cTokenizer, maxLength: number): Record<string, unknown> {
  return {
    tokenizer_class: 'LlamaTokenizer',
    bos_token: tok.pieces[BOS_ID],
    eos_token: tok.pieces[EOS_ID],
    unk_token: tok.pieces[0],
    add_bos_token: true,
    add_eos_token: false,
    model_max_length: maxLength,
    legacy: true,
  };
}
