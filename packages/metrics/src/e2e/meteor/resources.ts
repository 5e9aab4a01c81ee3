/**
 * METEOR's English resources: the Snowball English stemmer (npm snowball-stemmers, the algorithm the
 * jar wraps) and WordNet synonym sets with the jar's morphology (exception lists first, then suffix rules).
 */
import { createRequire } from 'node:module';
import { synsetsOf, jarMorph } from './wordnet.ts';
import { exceptionBases } from './irregular-forms.ts';

export { FUNCTION_WORDS } from './function-words.ts';

const require = createRequire(import.meta.url);

interface SnowballStemmer { stem(word: string): string }
let stemmer: SnowballStemmer | undefined;
const stemCache = new Map<string, string>();

export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    stemmer ??= require('snowball-stemmers').newStemmer('english') as SnowballStemmer;
    s = stemmer.stem(word);
    stemCache.set(word, s);
  }
  return s;
}

const synCache = new Map<string, Set<number>>();

/**
 * SynonymMatcher's two lookups: the synsets of the word itself, plus those of its bases — the
 * exception-list bases when the word is listed (which replace the suffix rules), else the suffix-rule base.
 */
export function synonymSets(word: string): Set<number> {
  let s = synCache.get(word);
  if (!s) {
    s = new Set(synsetsOf(word));
    const bases = exceptionBases(word) ?? [jarMorph(word)];
    for (const b of bases) for (const id of synsetsOf(b)) s.add(id);
    synCache.set(word, s);
  }
  return s;
}
