/**
 * The shape of a tokenizer.json, checked before @huggingface/tokenizers sees it. The library accepts some
 * wrong shapes silently (a WordLevel vocab given as an array encodes every word to null) and reports others
 * without the key ("Cannot convert undefined or null to object"); here every problem names its key path.
 */
import { at } from '@peftbench/util';

const MODEL_TYPES = ['BPE', 'WordPiece', 'WordLevel', 'Unigram'] as const;
const COMPONENTS = ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}` : `${typeof v} ${JSON.stringify(v)}`);
const isId = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** Throws an InputError `<source> [<key path>]: ...` at the first problem. */
export function validateTokenizerJson(json: unknown, source: string): void {
  if (!isObject(json)) throw at(source, undefined, `tokenizer.json must be a JSON object, got ${describe(json)}`);
  const model = json.model;
  if (!isObject(model)) throw at(source, 'model', `must be an object (the tokenizer model), got ${model === undefined ? 'nothing' : describe(model)}`);
  let type = model.type;
  if (type !== undefined && (typeof type !== 'string' || !(MODEL_TYPES as readonly string[]).includes(type))) {
    throw at(source, 'model.type', `unknown tokenizer model ${JSON.stringify(type)} (known: ${MODEL_TYPES.join(', ')})`);
  }
  // files written by old tokenizers versions may omit the tag; the library then infers it from the fields
  type ??= 'merges' in model ? 'BPE' : Array.isArray(model.vocab) ? 'Unigram' : 'continuing_subword_prefix' in model ? 'WordPiece' : 'WordLevel';
  const vocab = model.vocab;
  if (vocab === undefined) throw at(source, 'model.vocab', `missing (a ${type} model needs its vocabulary)`);
  if (type === 'Unigram') {
    if (!Array.isArray(vocab)) throw at(source, 'model.vocab', `a Unigram vocabulary must be a list of [piece, score] pairs, got ${describe(vocab)}`);
    vocab.forEach((e, i) => {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'number' || !Number.isFinite(e[1])) {
        throw at(source, `model.vocab[${i}]`, `must be [piece, score] (a string and a finite number), got ${JSON.stringify(e)}`);
      }
    });
    const unk = model.unk_id;
    if (unk !== undefined && unk !== null && !(isId(unk) && (unk as number) < vocab.length)) {
      throw at(source, 'model.unk_id', `must be null or an index into model.vocab [0, ${vocab.length}), got ${describe(unk)}`);
    }
  } else {
    if (!isObject(vocab)) throw at(source, 'model.vocab', `a ${type} vocabulary must be an object of token → id, got ${describe(vocab)}`);
    for (const [token, id] of Object.entries(vocab)) {
      if (!isId(id)) throw at(source, `model.vocab.${token}`, `id must be a non-negative integer, got ${describe(id)}`);
    }
    if (model.unk_token !== undefined && model.unk_token !== null && typeof model.unk_token !== 'string') {
      throw at(source, 'model.unk_token', `must be a string or null, got ${describe(model.unk_token)}`);
    }
  }
  if (type === 'BPE') {
    const merges = model.merges;
    if (!Array.isArray(merges)) throw at(source, 'model.merges', `a BPE model needs a list of merges ("a b" or ["a", "b"]), got ${merges === undefined ? 'nothing' : describe(merges)}`);
    merges.forEach((m, i) => {
      const ok = typeof m === 'string' ? m.includes(' ') : Array.isArray(m) && m.length === 2 && m.every((x) => typeof x === 'string');
      if (!ok) throw at(source, `model.merges[${i}]`, `a merge is "a b" or ["a", "b"], got ${JSON.stringify(m)}`);
    });
  }
  const added = json.added_tokens;
  if (added !== undefined && added !== null) {
    if (!Array.isArray(added)) throw at(source, 'added_tokens', `must be a list of {id, content, ...}, got ${describe(added)}`);
    added.forEach((t, i) => {
      if (!isObject(t)) throw at(source, `added_tokens[${i}]`, `must be an object {id, content, ...}, got ${describe(t)}`);
      if (!isId(t.id)) throw at(source, `added_tokens[${i}].id`, `must be a non-negative integer, got ${t.id === undefined ? 'nothing' : describe(t.id)}`);
      if (typeof t.content !== 'string') throw at(source, `added_tokens[${i}].content`, `must be a string, got ${t.content === undefined ? 'nothing' : describe(t.content)}`);
    });
  }
  for (const key of COMPONENTS) {
    const v = json[key];
    if (v === undefined || v === null) continue;
    if (!isObject(v) || typeof v.type !== 'string') throw at(source, key, `must be null or an object with a string "type", got ${describe(v)}`);
  }
}

/** The key a library construction error is about ("Unknown PreTokenizer type: X" → pre_tokenizer), if it says. */
export function keyOfLibraryError(message: string): string | undefined {
  const m = /Unknown (Normalizer|PreTokenizer|PostProcessor|Decoder|TokenizerModel) type/.exec(message);
  if (!m) return undefined;
  return { Normalizer: 'normalizer', PreTokenizer: 'pre_tokenizer', PostProcessor: 'post_processor', Decoder: 'decoder', TokenizerModel: 'model.type' }[m[1]];
}
