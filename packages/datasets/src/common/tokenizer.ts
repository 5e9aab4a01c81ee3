/**
 * The part of @peftbench/tokenizers' `TextTokenizer` this package relies on, written structurally so any
 * tokenizer with this shape fits (the real one, or a small word-level one in tests and demos).
 * `encode(text, pair?)` returns ids WITH the tokenizer's special tokens (its post-processor template).
 */
export interface TextTokenizer {
  encode(text: string, pair?: string): { ids: number[]; typeIds: number[] };
  decode(ids: number[]): string;
  special: { pad?: number; eos?: number; bos?: number; unk?: number; mask?: number; cls?: number; sep?: number };
}

/**
 * Where a tokenizer puts its special tokens around one or two segments, learned once by probing:
 * single = prefix A suffix; pair = pairPrefix A mid B pairSuffix (RoBERTa: <s> A </s></s> B </s>;
 * BERT: [CLS] A [SEP] B [SEP]; GPT-2: nothing). Knowing it lets encoders truncate segments
 * themselves (HF's longest-first) and still emit exactly the template the tokenizer would.
 */
export interface SpecialTemplate {
  prefix: number[];
  suffix: number[];
  pairPrefix: number[];
  mid: number[];
  pairSuffix: number[];
  /** token type ids: of each special position, and of the A and B segments. */
  prefixTypes: number[];
  suffixTypes: number[];
  pairPrefixTypes: number[];
  midTypes: number[];
  pairSuffixTypes: number[];
  typeA: number;
  typeB: number;
}

const templates = new WeakMap<TextTokenizer, SpecialTemplate>();
const PROBE = 'a';

/** Learn (and cache) the special-token template of a tokenizer. */
export function specialTemplate(tok: TextTokenizer): SpecialTemplate {
  const cached = templates.get(tok);
  if (cached) return cached;
  const empty = tok.encode('');
  const probe = tok.encode(PROBE);
  const probeLen = probe.ids.length - empty.ids.length;
  if (probeLen < 1) throw new Error(`tokenizer template probe: '${PROBE}' encoded to no tokens`);
  const pre = firstDifference(empty.ids, probe.ids);
  const emptyPair = tok.encode('', '');
  const pairA = tok.encode(PROBE, '');
  const pairB = tok.encode('', PROBE);
  const preA = firstDifference(emptyPair.ids, pairA.ids);
  const preB = firstDifference(emptyPair.ids, pairB.ids); // = pairPrefix + mid
  const t: SpecialTemplate = {
    prefix: empty.ids.slice(0, pre),
    suffix: empty.ids.slice(pre),
    pairPrefix: emptyPair.ids.slice(0, preA),
    mid: emptyPair.ids.slice(preA, preB),
    pairSuffix: emptyPair.ids.slice(preB),
    prefixTypes: empty.typeIds.slice(0, pre),
    suffixTypes: empty.typeIds.slice(pre),
    pairPrefixTypes: emptyPair.typeIds.slice(0, preA),
    midTypes: emptyPair.typeIds.slice(preA, preB),
    pairSuffixTypes: emptyPair.typeIds.slice(preB),
    typeA: pairA.typeIds[preA] ?? 0,
    typeB: pairB.typeIds[preB] ?? 0,
  };
  templates.set(tok, t);
  return t;
}

function firstDifference(a: number[], b: number[]): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** The ids of `text` without any special tokens (the tokenizer's template stripped). */
export function contentIds(tok: TextTokenizer, text: string): number[] {
  const t = specialTemplate(tok);
  const ids = tok.encode(text).ids;
  return ids.slice(t.prefix.length, ids.length - t.suffix.length);
}

/**
 * HF's 'longest_first' truncation: drop one token at a time from the longer segment (from its end)
 * until the pair fits `budget` content tokens. Returns the kept lengths.
 */
export function longestFirst(lenA: number, lenB: number, budget: number): [number, number] {
  let a = lenA;
  let b = lenB;
  while (a + b > budget && (a > 0 || b > 0)) {
    if (a > b) a--;
    else b--;
  }
  return [a, b];
}
