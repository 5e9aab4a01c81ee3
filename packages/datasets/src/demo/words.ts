/**
 * The word lists behind every demo grammar (GLUE-shaped, E2E-shaped, NER, arithmetic). Small on purpose:
 * a tiny model must learn the demo tasks in a few hundred steps on two CPU cores.
 */

export const SUBJECTS = ['cat', 'dog', 'bird', 'horse', 'teacher', 'doctor', 'farmer', 'child', 'student', 'painter', 'baker', 'sailor'];
export const OBJECTS = ['ball', 'book', 'apple', 'letter', 'box', 'song', 'picture', 'cake', 'kite', 'map'];
/** [past, base, synonym past, synonym base] */
export const VERBS: [string, string, string, string][] = [
  ['found', 'find', 'discovered', 'discover'],
  ['carried', 'carry', 'held', 'hold'],
  ['liked', 'like', 'enjoyed', 'enjoy'],
  ['painted', 'paint', 'colored', 'color'],
  ['opened', 'open', 'unlocked', 'unlock'],
  ['watched', 'watch', 'observed', 'observe'],
  ['bought', 'buy', 'purchased', 'purchase'],
  ['dropped', 'drop', 'released', 'release'],
];
export const PLACES = ['in the park', 'at home', 'near the river', 'in the garden', 'at school', 'on the hill'];
export const ADJECTIVES = ['small', 'big', 'old', 'young', 'quiet', 'happy'];
export const ATTRIBUTES = ['red', 'blue', 'green', 'tall', 'short', 'heavy', 'light', 'warm', 'cold', 'clean'];
export const POSITIVE = ['wonderful', 'great', 'delightful', 'brilliant', 'charming', 'superb', 'moving', 'excellent'];
export const NEGATIVE = ['terrible', 'awful', 'boring', 'dreadful', 'clumsy', 'dull', 'tedious', 'bland'];
export const REVIEW_ITEMS = ['movie', 'film', 'story', 'show', 'play'];
export const REVIEW_ASPECTS = ['plot', 'acting', 'music', 'ending', 'dialogue', 'camera work'];
