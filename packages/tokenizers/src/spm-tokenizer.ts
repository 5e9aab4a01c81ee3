/**
 * Tokenizers read straight from a SentencePiece model file, behaving as Hugging Face's slow tokenizers
 * (transformers 4.35) `DebertaV2Tokenizer` (`spm.model`, DeBERTa-v3) and `T5Tokenizer` (`spiece.model`,
 * legacy mode, as `from_pretrained("t5-base")` gives):
 *
 * - added / special tokens typed in the text are split out first (leftmost, longest), before any
 *   normalisation; `lstrip` / `rstrip` tokens (T5's sentinels) eat the whitespace beside them; every piece of
 *   text in between is normalised and segmented on its own (spm-normalizer.ts, spm-unigram.ts);
 * - DeBERTa: `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]`, type ids 0 through the first [SEP], 1 after;
 *   T5: `A </s>` / `A </s> B </s>`, type ids all 0; without special tokens A and B are concatenated, type ids 0;
 * - decode: special ids dropped when asked, pieces joined (`▁` → space, the dummy-prefix space dropped,
 *   T5 also strips `▁` off the first token), special tokens kept as text otherwise, then HF's
 *   `clean_up_tokenization` when `clean_up_tokenization_spaces` (default true for both classes).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '@peftbench/util';
import type { DecodeOptions, EncodeOptions, SpecialIds, TextTokenizer } from './text-tokenizer.ts';
import { readSpmModel, PieceType, type SpmModel } from './spm-model.ts';
import { SpmNormalizer, SPACE_SYMBOL } from './spm-normalizer.ts';
import { UnigramModel } from './spm-unigram.ts';

export type SpmFlavour = 'deberta-v2' | 't5';

/** The SentencePiece file names of the two layouts on the hub. */
export const SPM_MODEL_FILES: Record<string, SpmFlavour> = { 'spm.model': 'deberta-v2', 'spiece.model': 't5' };

export interface SpmAddedToken {
  id: number;
  content: string;
  lstrip: boolean;
  rstrip: boolean;
  special: boolean;
}

export interface SpmTextTokenizer extends TextTokenizer {
  flavour: SpmFlavour;
  /** HF `tokenize(text)`: piece strings (unknown runs as their normalised text, added tokens as written), no special tokens added. */
  tokenize(text: string): string[];
  /** Pieces in the SentencePiece model (ids above are added tokens: DeBERTa's [MASK], T5's sentinels). */
  spmVocabSize: number;
  addedTokens: SpmAddedToken[];
}

type Role = keyof SpecialIds;
const DEFAULT_ROLES: Record<SpmFlavour, Partial<Record<Role, string>>> = {
  'deberta-v2': { bos: '[CLS]', eos: '[SEP]', unk: '[UNK]', sep: '[SEP]', pad: '[PAD]', cls: '[CLS]', mask: '[MASK]' },
  t5: { eos: '</s>', unk: '<unk>', pad: '<pad>' },
};
const ROLE_ORDER: Role[] = ['bos', 'eos', 'unk', 'sep', 'pad', 'cls', 'mask'];

// Python's str.isspace() characters (str.strip() / lstrip() / rstrip() without arguments).
const PY_WS = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_WS = new RegExp(`^[${PY_WS}]+`);
const TRAILING_WS = new RegExp(`[${PY_WS}]+$`);
const pyStrip = (s: string) => s.replace(LEADING_WS, '').replace(TRAILING_WS, '');

/** HF `clean_up_tokenization`. */
function cleanUpTokenization(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}

function tokenContent(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string') return (v as { content: string }).content;
  return undefined;
}

function flavourOf(config: Record<string, unknown>, modelFile: string, configFile: string): SpmFlavour {
  const cls = config.tokenizer_class;
  if (typeof cls === 'string') {
    if (/^DebertaV2Tokenizer(Fast)?$/.test(cls)) return 'deberta-v2';
    if (/^T5Tokenizer(Fast)?$/.test(cls)) return 't5';
    throw new InputError(`${configFile} [tokenizer_class]: '${cls}' has no SentencePiece tokenizer here (supported: DebertaV2Tokenizer, T5Tokenizer)`);
  }
  const byName = SPM_MODEL_FILES[basename(modelFile)];
  if (!byName) throw new InputError(`${modelFile}: cannot tell DeBERTa-v2 from T5 layout (name the file spm.model / spiece.model, or set tokenizer_class in tokenizer_config.json)`);
  return byName;
}

/**
 * A tokenizer from a parsed SentencePiece model and the folder's tokenizer_config.json (may be {}).
 * `modelFile` names the model in errors and, without a tokenizer_class, decides the layout by its name.
 */
export function spmTokenizer(model: SpmModel, config: Record<string, unknown>, modelFile: string, configFile = join(dirname(modelFile), 'tokenizer_config.json')): SpmTextTokenizer {
  const flavour = flavourOf(config, modelFile, configFile);
  if (flavour === 't5' && config.legacy === false) throw new InputError(`${configFile} [legacy]: false (T5Tokenizer's non-legacy prefix handling) is not supported; t5-base uses legacy mode`);
  if (flavour === 'deberta-v2' && config.split_by_punct === true) throw new InputError(`${configFile} [split_by_punct]: true is not supported (deberta-v3 uses false)`);
  const lowercase = flavour === 'deberta-v2' && config.do_lower_case === true;
  const normalizer = new SpmNormalizer(model.normalizer, model.trainer.treatWhitespaceAsSuffix, modelFile);
  const unigram = new UnigramModel(model, modelFile);
  const V = model.pieces.length;
  const pieceId = new Map<string, number>();
  model.pieces.forEach((p, i) => {
    if (!pieceId.has(p.piece)) pieceId.set(p.piece, i);
  });

  // ---- added tokens and roles ----
  const roles: Partial<Record<Role, string>> = { ...DEFAULT_ROLES[flavour] };
  for (const role of ROLE_ORDER) {
    const v = tokenContent(config[`${role}_token`]);
    if (v !== undefined) roles[role] = v;
    else if (config[`${role}_token`] === null) delete roles[role];
  }
  const added = new Map<number, SpmAddedToken>();
  const decoderJson = config.added_tokens_decoder;
  if (decoderJson !== undefined) {
    if (!decoderJson || typeof decoderJson !== 'object' || Array.isArray(decoderJson)) throw new InputError(`${configFile} [added_tokens_decoder]: must be an object of id → token`);
    for (const [key, raw] of Object.entries(decoderJson as Record<string, unknown>)) {
      const id = Number(key);
      const content = tokenContent(raw);
      if (!Number.isInteger(id) || id < 0 || content === undefined) throw new InputError(`${configFile} [added_tokens_decoder.${key}]: expected a non-negative integer id and an object with 'content'`);
      const t = raw as Record<string, unknown>;
      added.set(id, { id, content, lstrip: t.lstrip === true, rstrip: t.rstrip === true, special: t.special !== false });
    }
  } else {
    // What the HF class adds itself: the control / unknown pieces, the role tokens (appended after the
    // pieces when the model lacks them, e.g. DeBERTa's [MASK]) and T5's sentinels (counting down from the top).
    model.pieces.forEach((p, id) => {
      if (p.type === PieceType.CONTROL || p.type === PieceType.UNKNOWN) added.set(id, { id, content: p.piece, lstrip: false, rstrip: false, special: true });
    });
    let next = V;
    if (flavour === 't5') {
      const extra = config.extra_ids === undefined ? 100 : config.extra_ids;
      if (typeof extra !== 'number' || !Number.isInteger(extra) || extra < 0) throw new InputError(`${configFile} [extra_ids]: expected a non-negative integer`);
      for (let i = 0; i < extra; i++) added.set(V + extra - 1 - i, { id: V + extra - 1 - i, content: `<extra_id_${i}>`, lstrip: true, rstrip: true, special: true });
      next = V + extra;
    }
    for (const role of ROLE_ORDER) {
      const content = roles[role];
      if (content === undefined || [...added.values()].some((t) => t.content === content)) continue;
      const id = pieceId.get(content) ?? next++;
      added.set(id, { id, content, lstrip: false, rstrip: false, special: true });
    }
  }
  const addedByContent = new Map<string, SpmAddedToken>();
  for (const t of added.values()) addedByContent.set(t.content, t);
  const addedSorted = [...addedByContent.keys()].sort((a, b) => b.length - a.length);
  const vocabSize = Math.max(V, ...[...added.keys()].map((id) => id + 1));
  const tokenToId = (t: string): number | undefined => addedByContent.get(t)?.id ?? pieceId.get(t);
  const idToToken = (id: number): string | undefined => added.get(id)?.content ?? (id >= 0 && id < V ? model.pieces[id].piece : undefined);

  const special: SpecialIds = {};
  for (const role of ROLE_ORDER) {
    const c = roles[role];
    const id = c === undefined ? undefined : tokenToId(c);
    if (id !== undefined) special[role] = id;
  }
  const specialTokens = new Set<string>([...Object.values(roles)].filter((x): x is string => x !== undefined));
  for (const t of added.values()) if (t.special) specialTokens.add(t.content);
  const specialIds = new Set<number>([...specialTokens].map((t) => tokenToId(t)).filter((x): x is number => x !== undefined));
  const roleContents = new Set(Object.values(roles));
  // HF's "legacy added tokens": non-special added tokens, and additional special tokens above the spm vocabulary.
  const legacyAdded = new Set([...added.values()].filter((t) => !t.special || (!roleContents.has(t.content) && t.id >= V)).map((t) => t.content));
  const cleanUp = config.clean_up_tokenization_spaces !== false;

  // ---- tokenize ----
  const splitAdded = (text: string): ({ text: string } | { token: SpmAddedToken })[] => {
    const parts: ({ text: string } | { token: SpmAddedToken })[] = [];
    let last = 0;
    for (let i = 0; i < text.length; ) {
      const hit = addedSorted.find((c) => c.length > 0 && text.startsWith(c, i));
      if (!hit) {
        i++;
        continue;
      }
      if (i > last) parts.push({ text: text.slice(last, i) });
      parts.push({ token: addedByContent.get(hit)! });
      i += hit.length;
      last = i;
    }
    if (last < text.length) parts.push({ text: text.slice(last) });
    parts.forEach((p, i) => {
      if (!('token' in p)) return;
      const left = parts[i - 1];
      const right = parts[i + 1];
      if (p.token.rstrip && right && 'text' in right) right.text = right.text.replace(LEADING_WS, '');
      if (p.token.lstrip && left && 'text' in left) left.text = left.text.replace(TRAILING_WS, '');
    });
    return parts;
  };
  const tokenizeWithIds = (text: string): { pieces: string[]; ids: number[] } => {
    const pieces: string[] = [];
    const ids: number[] = [];
    for (const part of splitAdded(text)) {
      if ('token' in part) {
        pieces.push(part.token.content);
        ids.push(part.token.id);
        continue;
      }
      if (part.text === '') continue;
      for (const t of unigram.encode(normalizer.normalize(lowercase ? part.text.toLowerCase() : part.text))) {
        pieces.push(t.piece);
        ids.push(t.unknown ? (special.unk ?? unigram.unkId) : t.id);
      }
    }
    return { pieces, ids };
  };

  // ---- decode ----
  const spDecode = (pieces: string[]): string => {
    let out = '';
    pieces.forEach((p, i) => {
      const s = i === 0 && model.normalizer.addDummyPrefix && p.startsWith(SPACE_SYMBOL) ? p.slice(1) : p;
      out += s.replaceAll(SPACE_SYMBOL, ' ');
    });
    return out;
  };
  const tokensToString = (tokens: string[]): string => {
    const toks = [...tokens];
    if (flavour === 't5' && toks.length > 0) toks[0] = toks[0].replace(new RegExp(`^${SPACE_SYMBOL}+`), '');
    let out = '';
    let sub: string[] = [];
    let prevSpecial = false;
    for (const t of toks) {
      if (specialTokens.has(t)) {
        if (!prevSpecial) out += ' ';
        out += spDecode(sub) + t;
        prevSpecial = true;
        sub = [];
      } else {
        sub.push(t);
        prevSpecial = false;
      }
    }
    out += spDecode(sub);
    return pyStrip(out);
  };

  const withSpecials = (a: number[], b: number[] | undefined): { ids: number[]; typeIds: number[] } => {
    if (flavour === 'deberta-v2') {
      const cls = special.cls;
      const sep = special.sep;
      if (cls === undefined || sep === undefined) throw new InputError(`${configFile} [cls_token]: DeBERTa needs cls and sep tokens to add special tokens`);
      const first = [cls, ...a, sep];
      if (!b) return { ids: first, typeIds: first.map(() => 0) };
      const second = [...b, sep];
      return { ids: [...first, ...second], typeIds: [...first.map(() => 0), ...second.map(() => 1)] };
    }
    const eos = special.eos;
    if (eos === undefined) throw new InputError(`${configFile} [eos_token]: T5 needs an eos token to add special tokens`);
    const addEos = (x: number[]) => (x.length > 0 && x[x.length - 1] === eos ? x : [...x, eos]);
    const ids = b ? [...addEos(a), ...addEos(b)] : addEos(a);
    return { ids, typeIds: ids.map(() => 0) };
  };

  return {
    flavour,
    spmVocabSize: V,
    addedTokens: [...added.values()].sort((x, y) => x.id - y.id),
    vocabSize,
    special,
    tokenToId,
    idToToken,
    tokenize: (text: string) => tokenizeWithIds(text).pieces,
    encode(text: string, pair?: string, opts: EncodeOptions = {}) {
      const a = tokenizeWithIds(text).ids;
      const b = pair === undefined ? undefined : tokenizeWithIds(pair).ids;
      if (opts.addSpecialTokens ?? true) return withSpecials(a, b);
      const ids = b ? [...a, ...b] : a;
      return { ids, typeIds: ids.map(() => 0) };
    },
    decode(ids: number[], opts: DecodeOptions = {}) {
      for (const [i, id] of ids.entries()) {
        if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new RangeError(`${modelFile}: decode: id ${id} at position ${i} is outside the vocabulary [0, ${vocabSize})`);
      }
      const skip = opts.skipSpecialTokens ?? false;
      const tokens = ids.filter((id) => !(skip && specialIds.has(id))).map((id) => idToToken(id) ?? roles.unk ?? '');
      const subTexts: string[] = [];
      let current: string[] = [];
      for (const t of tokens) {
        if (legacyAdded.has(t)) {
          if (current.length) subTexts.push(tokensToString(current));
          current = [];
          subTexts.push(t);
        } else current.push(t);
      }
      if (current.length) subTexts.push(tokensToString(current));
      const text = subTexts.join(' ');
      return cleanUp ? cleanUpTokenization(text) : text;
    },
  };
}

/** The SentencePiece model file of a folder (spm.model or spiece.model), or undefined. */
export function findSpmModelFile(dir: string): string | undefined {
  for (const name of Object.keys(SPM_MODEL_FILES)) if (existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** Load from a `.model` file or a folder holding spm.model / spiece.model (+ tokenizer_config.json). */
export function loadSpmTokenizer(dirOrFile: string): SpmTextTokenizer {
  const isDir = existsSync(dirOrFile) && statSync(dirOrFile).isDirectory();
  const modelFile = isDir ? findSpmModelFile(dirOrFile) : dirOrFile;
  if (!modelFile) throw new InputError(`${dirOrFile}: no spm.model or spiece.model in this folder`);
  const configFile = join(dirname(modelFile), 'tokenizer_config.json');
  let config: Record<string, unknown> = {};
  if (existsSync(configFile)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(configFile, 'utf8'));
    } catch (err) {
      throw new InputError(`${configFile}: invalid JSON (${(err as Error).message})`);
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`${configFile}: must be a JSON object`);
    config = json as Record<string, unknown>;
  }
  return spmTokenizer(readSpmModel(modelFile), config, modelFile, configFile);
}
