import { InputError } from '@peftbench/util';
import { byteSymbols } from './byte-alphabet.ts';
import type { TokenizerJson } from './wrap.ts';

export interface RestrictedTokenizer {
  tokenizerJson: TokenizerJson;
  /** newToOld[newId] = id in the full vocabulary; ascending, so relative order is kept. */
  newToOld: number[];
  /** full-vocabulary id → new id, for kept tokens only. */
  oldToNew: Map<number, number>;
}

type Merge = [string, string];

/**
 * Cut a byte-level BPE tokenizer.json down to a subset of its vocabulary (to keep a small model's
 * embedding and output layers cheap), staying a consistent BPE:
 *
 * kept = keepIds ∪ added/special tokens ∪ the 256 byte symbols ∪ every token on the merge path of a kept
 * token (for a kept token a+b, its merge's parts a and b are kept, recursively).
 * A merge is kept iff its result and both parts are kept; every other merge is dropped.
 * New ids number the kept tokens in their original order (0..n-1).
 *
 * Consequence: a word whose full-vocabulary tokenization uses only kept tokens is tokenized exactly as
 * before (every merge the full BPE applies is kept, and it is still the lowest-ranked applicable one); any
 * other word falls back to shorter kept pieces, down to single bytes, so every text stays encodable and
 * decode(encode(text)) still returns the text.
 */
export function restrictBpeVocab(json: TokenizerJson, keepIds: number[]): RestrictedTokenizer {
  const vocab = json.model.vocab as Record<string, number> | undefined;
  if (json.model.type !== 'BPE' || !vocab || !Array.isArray(json.model.merges)) {
    throw new InputError('restrictBpeVocab: tokenizer.json [model]: needs a BPE model with vocab and merges');
  }
  const tokenOf = new Map<number, string>();
  for (const [token, id] of Object.entries(vocab)) tokenOf.set(id, token);
  const merges: Merge[] = (json.model.merges as (string | Merge)[]).map((m) => (Array.isArray(m) ? m : (splitMerge(m) as Merge)));
  const producer = new Map<string, Merge>();
  for (const m of merges) if (!producer.has(m[0] + m[1])) producer.set(m[0] + m[1], m);

  const kept = new Set<string>();
  const keep = (token: string) => {
    const stack = [token];
    while (stack.length) {
      const t = stack.pop()!;
      if (kept.has(t)) continue;
      kept.add(t);
      const m = producer.get(t);
      if (m) stack.push(m[0], m[1]);
    }
  };
  keepIds.forEach((id, i) => {
    const token = tokenOf.get(id);
    if (token === undefined) throw new InputError(`restrictBpeVocab: keepIds[${i}]: id ${id} is not in the vocabulary`);
    keep(token);
  });
  for (const t of json.added_tokens ?? []) if (tokenOf.get(t.id) === t.content) keep(t.content);
  for (const s of byteSymbols()) {
    if (vocab[s] === undefined) throw new InputError(`restrictBpeVocab: tokenizer.json [model.vocab]: byte symbol ${JSON.stringify(s)} missing; not a byte-level BPE`);
    keep(s);
  }

  const newToOld = [...kept].map((t) => vocab[t]).sort((a, b) => a - b);
  const oldToNew = new Map(newToOld.map((old, i) => [old, i]));
  const remap = (id: number) => {
    const n = oldToNew.get(id);
    if (n === undefined) throw new Error(`restrictBpeVocab: id ${id} was not kept`);
    return n;
  };

  const newVocab: Record<string, number> = {};
  for (const old of newToOld) newVocab[tokenOf.get(old)!] = remap(old);
  const asStrings = typeof (json.model.merges as unknown[])[0] === 'string';
  const newMerges = merges
    .filter(([a, b]) => kept.has(a) && kept.has(b) && kept.has(a + b))
    .map((m) => (asStrings ? `${m[0]} ${m[1]}` : m));

  const out = structuredClone(json);
  out.model = { ...out.model, vocab: newVocab, merges: newMerges };
  out.added_tokens = (json.added_tokens ?? []).map((t) => ({ ...t, id: remap(t.id) }));
  out.post_processor = remapPostProcessor(json.post_processor, remap);
  return { tokenizerJson: out, newToOld, oldToNew };
}

/** "a b" → ["a", "b"]; the space separates because byte-level symbols never contain a literal space. */
function splitMerge(m: string): string[] {
  const at = m.indexOf(' ');
  return [m.slice(0, at), m.slice(at + 1)];
}

/** Post-processors carry token ids (BertProcessing/RobertaProcessing cls/sep, TemplateProcessing special_tokens). */
function remapPostProcessor(pp: TokenizerJson['post_processor'], remap: (id: number) => number): TokenizerJson['post_processor'] {
  if (!pp) return pp ?? null;
  const out = structuredClone(pp) as Record<string, unknown>;
  for (const key of ['cls', 'sep']) {
    const v = out[key] as [string, number] | undefined;
    if (Array.isArray(v)) out[key] = [v[0], remap(v[1])];
  }
  const specials = out.special_tokens as Record<string, { ids: number[] }> | undefined;
  if (specials) for (const s of Object.values(specials)) s.ids = s.ids.map(remap);
  if (Array.isArray(out.processors)) out.processors = (out.processors as TokenizerJson['post_processor'][]).map((p) => remapPostProcessor(p, remap));
  return out as TokenizerJson['post_processor'];
}
