/**
 * The word lists of the demo GLUE suite (glue/demo.ts). One small, shared English vocabulary, so that an
 * encoder MLM-pretrained on `demoCorpus` has seen every word of every task in many contexts.
 * (The E2E / NER / arithmetic demos keep their own lists in ../demo/words.ts.)
 */

/** [singular, plural] */
export const SUBJECTS: readonly [string, string][] = [
  ['cat', 'cats'], ['dog', 'dogs'], ['bird', 'birds'], ['horse', 'horses'], ['teacher', 'teachers'], ['doctor', 'doctors'],
  ['farmer', 'farmers'], ['child', 'children'], ['student', 'students'], ['painter', 'painters'], ['baker', 'bakers'], ['sailor', 'sailors'],
];
export const OBJECTS = ['ball', 'book', 'apple', 'letter', 'box', 'song', 'picture', 'cake', 'kite', 'map', 'chair', 'lamp'];

export interface Verb {
  past: string;
  base: string;
  /** a synonym: [past, base] */
  syn: [string, string];
  /** the over-regularised past a learner writes ("finded"); only for irregular verbs */
  wrong?: string;
  /** past participle where it differs from the past ("drawn") */
  part?: string;
}
export const VERBS: readonly Verb[] = [
  { past: 'found', base: 'find', syn: ['discovered', 'discover'], wrong: 'finded' },
  { past: 'held', base: 'hold', syn: ['carried', 'carry'], wrong: 'holded' },
  { past: 'bought', base: 'buy', syn: ['purchased', 'purchase'], wrong: 'buyed' },
  { past: 'took', base: 'take', syn: ['grabbed', 'grab'], wrong: 'taked', part: 'taken' },
  { past: 'sold', base: 'sell', syn: ['traded', 'trade'], wrong: 'selled' },
  { past: 'drew', base: 'draw', syn: ['sketched', 'sketch'], wrong: 'drawed', part: 'drawn' },
  { past: 'made', base: 'make', syn: ['built', 'build'], wrong: 'maked' },
  { past: 'liked', base: 'like', syn: ['enjoyed', 'enjoy'] },
  { past: 'watched', base: 'watch', syn: ['observed', 'observe'] },
  { past: 'opened', base: 'open', syn: ['unlocked', 'unlock'] },
  { past: 'painted', base: 'paint', syn: ['colored', 'color'] },
  { past: 'dropped', base: 'drop', syn: ['released', 'release'] },
];
/** the past participle (for passives) */
export const participle = (v: Verb) => v.part ?? v.past;
/** "a" or "an" before a word */
export const withArticle = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

export const PLACES = ['in the park', 'at home', 'near the river', 'in the garden', 'at school', 'on the hill', 'in the kitchen', 'by the lake'];
export const TIMES = ['on monday', 'on friday', 'in the morning', 'at night', 'last week', 'after lunch'];
export const ADJECTIVES = ['small', 'big', 'old', 'young', 'quiet', 'happy', 'tired', 'busy'];
/** Attributes with their antonyms (NLI contradictions by antonym). */
export const ATTRIBUTES: readonly [string, string][] = [
  ['warm', 'cold'], ['tall', 'short'], ['heavy', 'light'], ['clean', 'dirty'], ['full', 'empty'], ['bright', 'dark'], ['cheap', 'expensive'], ['new', 'old'],
];

// sentiment (sst2)
export const POSITIVE = ['wonderful', 'great', 'delightful', 'brilliant', 'charming', 'superb', 'moving', 'excellent', 'funny', 'beautiful'];
export const NEGATIVE = ['terrible', 'awful', 'boring', 'dreadful', 'clumsy', 'dull', 'tedious', 'bland', 'messy', 'weak'];
export const INTENSIFIERS = ['', '', 'very ', 'really ', 'quite ', 'truly '];
export const REVIEW_ITEMS = ['movie', 'film', 'story', 'show', 'play'];
export const REVIEW_ASPECTS = ['plot', 'acting', 'music', 'ending', 'dialogue', 'cast', 'script', 'pace'];

// MNLI genres: the matched ones (train and validation_matched) and the mismatched ones (validation_mismatched only)
export const LANDMARKS = ['museum', 'beach', 'market', 'hotel', 'bridge', 'castle', 'station', 'harbor'];
export const SEASONS = ['in summer', 'in winter', 'at night', 'in the evening'];
export const AGENCIES = ['council', 'committee', 'ministry', 'agency', 'court', 'office'];
/** [past, base] of official acts, and what they act on */
export const ACTS: readonly [string, string][] = [['approved', 'approve'], ['rejected', 'reject'], ['reviewed', 'review'], ['signed', 'sign'], ['published', 'publish'], ['delayed', 'delay']];
export const DOCUMENTS = ['plan', 'budget', 'report', 'law', 'rule', 'contract'];
export const GIFTS = ['gift', 'donation', 'letter', 'visit', 'support', 'card'];
export const HELPED = ['the children', 'our school', 'the library', 'the hospital', 'the team', 'my family'];
export const HOBBIES: readonly [string, string][] = [['played', 'play'], ['cooked', 'cook'], ['fished', 'fish'], ['hiked', 'hike'], ['danced', 'dance'], ['swam', 'swim']];
export const DAYS = ['on monday', 'on friday', 'on sunday', 'last week', 'last year', 'this morning'];
