/**
 * The part of @peftbench/tokenizers' `TextTokenizer` this package relies on, written structurally so any
 * tokenizer with this shape fits (the real one, or a small word-level one in tests and demos).
 * `encode(text, pair?)` returns ids WITH the tokenizer's special tokens (its post-processor template).
 */
export interface EncodingTokenizer {
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

const templates = new WeakMap<EncodingTokenizer, SpecialTemplate>();
/** Probe texts; two that encode to different ids are used (empty strings are not: some libraries drop an empty pair). */
const PROBES = ['a', 'b', 'the', 'x', '.', ',', '0', '1'];

/**
 * Learn (and cache) the special-token template of a tokenizer from two probe texts p, q whose contents
 * differ: the specials are what encode(p) and encode(q) share at the start and end; for pairs, what
 * encode(p, q) and encode(q, p) share at the start and end, and the rest between the two contents.
 */
export function specialTemplate(tok: EncodingTokenizer): SpecialTemplate {
  const cached = templates.get(tok);
  if (cached) return cached;
  const singles = PROBES.map((p) => tok.encode(p));
  let pi = -1;
  let qi = -1;
  search: for (let i = 0; i < singles.length; i++) {
    for (let j = i + 1; j < singles.length; j++) {
      const [x, y] = [singles[i].ids, singles[j].ids];
      const pre = commonPrefix(x, y);
      // Contents must differ in their first and last tokens so the shared ends are exactly the specials.
      if (pre < x.length && pre < y.length && commonSuffix(x, y) < Math.min(x.length, y.length) - pre) {
        pi = i;
        qi = j;
        break search;
      }
    }
  }
  if (pi < 0) throw new Error(`tokenizer template probe: no two of ${PROBES.join(' ')} encode differently`);
  const [p, q] = [singles[pi], singles[qi]];
  const pre = commonPrefix(p.ids, q.ids);
  const suf = commonSuffix(p.ids, q.ids);
  const lenP = p.ids.length - pre - suf;
  const lenQ = q.ids.length - pre - suf;
  const pq = tok.encode(PROBES[pi], PROBES[qi]);
  const qp = tok.encode(PROBES[qi], PROBES[pi]);
  const pairPre = commonPrefix(pq.ids, qp.ids);
  const pairSuf = commonSuffix(pq.ids, qp.ids);
  const midStart = pairPre + lenP;
  const midEnd = pq.ids.length - pairSuf - lenQ;
  if (midEnd < midStart) throw new Error('tokenizer template probe: the pair encoding is shorter than its two segments');
  const t: SpecialTemplate = {
    prefix: p.ids.slice(0, pre),
    suffix: p.ids.slice(p.ids.length - suf),
    pairPrefix: pq.ids.slice(0, pairPre),
    mid: pq.ids.slice(midStart, midEnd),
    pairSuffix: pq.ids.slice(pq.ids.length - pairSuf),
    prefixTypes: p.typeIds.slice(0, pre),
    suffixTypes: p.typeIds.slice(p.ids.length - suf),
    pairPrefixTypes: pq.typeIds.slice(0, pairPre),
    midTypes: pq.typeIds.slice(midStart, midEnd),
    pairSuffixTypes: pq.typeIds.slice(pq.ids.length - pairSuf),
    typeA: pq.typeIds[pairPre] ?? 0,
    typeB: pq.typeIds[midEnd] ?? 0,
  };
  templates.set(tok, t);
  return t;
}

function commonPrefix(a: number[], b: number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: number[], b: number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** The ids of `text` without any special tokens (the tokenizer's template stripped). */
export function contentIds(tok: EncodingTokenizer, text: string): number[] {
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
