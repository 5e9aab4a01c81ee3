/**
 * METEOR 1.5's `-norm` text normalisation for English (edu.cmu.meteor.util.Normalizer, Moses-tokenizer
 * based): punctuation separated, dashes between alphanumerics removed (family-friendly -> family
 * friendly), quotes and dashes normalised, English contractions split on the right, trailing dots
 * split off unless the word looks like an abbreviation; then lowercased. Punctuation is kept (-norm).
 * Deviation: the jar's non-breaking-prefix list is not available; a word ending in '.' keeps it only
 * when it is dotted (u.s.) or the next word starts lowercase, as the jar's fallback rule does.
 */

// Letter ranges of the jar's `alpha` class (Latin-1 / Latin Extended-A and Cyrillic).
const ALPHA = 'A-Za-zŠŽšžŸÀ-ÖØ-öø-žЀ-ӿԀ-ԧꙀ-ꙮ꙾-ꚗᴀ-ᵿ';
const ALNUM = `0-9${ALPHA}`;
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';

const SEP_OTHER = new RegExp(`([^${ALNUM}${JAVA_SPACE}\\.'\`,\\-‘’])`, 'g');
const MULTI_DOT = /\.([\.]+)/g;
const MULTI_DOT2 = /DOTMULTI\.([^\.])/g;
const COMMA = /([^0-9])[,]([^0-9])/g;
const COMMA2 = /([0-9])[,]([^0-9])/g;
const COMMA3 = /([^0-9])[,]([0-9])/g;
const QUOTE = /([`‘’])/g;
const QUOTE2 = /([“”]|'')/g;
const RM_DASH = new RegExp(`([${ALNUM}\\.])[\\-]([${ALNUM}])`, 'g');
const CONT1 = new RegExp(`([^${ALPHA}])[']([^${ALPHA}])`, 'g');
const CONT2 = new RegExp(`([^${ALPHA}0-9])[']([${ALPHA}])`, 'g');
const CONT3 = new RegExp(`([${ALPHA}])[']([^${ALPHA}])`, 'g');
const CONT4 = new RegExp(`([${ALPHA}])[']([${ALPHA}])`, 'g');
const CONT5 = /([0-9])[']([s])/g;
const HAS_ALPHA = new RegExp(`[${ALPHA}]`);
const WHITE = /[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+/g;

export function meteorNormalize(line: string): string {
  let w = ` ${line} `;
  w = w.replace(SEP_OTHER, ' $1 ');
  w = w.replace(MULTI_DOT, ' DOTMULTI$1');
  while (w.includes('DOTMULTI.')) {
    w = w.replace(MULTI_DOT2, 'DOTDOTMULTI $1');
    w = w.split('DOTMULTI.').join('DOTDOTMULTI');
  }
  w = w.replace(COMMA, '$1 , $2').replace(COMMA2, '$1 , $2').replace(COMMA3, '$1 , $2');
  w = w.replace(QUOTE, "'").replace(QUOTE2, ' " ');
  w = w.split('–').join('-').split('--').join('-');
  w = w.replace(RM_DASH, '$1 $2');
  w = w.replace(CONT1, "$1 ' $2").replace(CONT2, "$1 ' $2").replace(CONT3, "$1 ' $2").replace(CONT4, "$1 '$2").replace(CONT5, "$1 '$2");
  const words = w.split(/[ \t\n\r\f]+/).filter((x) => x !== '');
  const rebuilt: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.length > 1 && word.endsWith('.')) {
      const pre = word.slice(0, -1);
      if (pre.includes('.') && HAS_ALPHA.test(pre)) rebuilt.push(word.split('.').join(''));
      else if (i < words.length - 1 && /^[a-z]/.test(words[i + 1])) rebuilt.push(word);
      else rebuilt.push(`${pre} .`);
    } else rebuilt.push(word);
  }
  w = rebuilt.join(' ') + ' ';
  while (w.includes('DOTDOTMULTI')) w = w.split('DOTDOTMULTI').join('DOTMULTI.');
  w = w.split('DOTMULTI').join('.');
  return w.replace(WHITE, ' ').trim().toLowerCase();
}
