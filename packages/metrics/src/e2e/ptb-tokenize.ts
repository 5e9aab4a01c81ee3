/**
 * The tokenisation pycocoevalcap applies before METEOR, ROUGE-L and CIDEr: Stanford CoreNLP 3.4.1
 * `PTBTokenizer -preserveLines -lowerCase`, then every token in its PUNCTUATIONS list is dropped.
 *
 * This is a rule-based re-implementation of the PTB3 conventions that matter for English NLG output
 * (not the JFlex lexer itself): punctuation split off; '.' kept inside numbers and abbreviations
 * (U.S., St.); ',' and ':' kept between digits; hyphenated words kept whole; clitics split (is n't,
 * it 's, ca n't, can not, gon na); quotes -> `` '' ` '; brackets -> -lrb- -rrb- -lsb- -rsb- -lcb-
 * -rcb- (lowercased by -lowerCase, hence NOT in the scorer's uppercase removal list); currency
 * normalised (£ -> #, € ¥ -> $); Unicode dashes / ellipsis -> -- / ...
 */

/** pycocoevalcap/tokenizer/ptbtokenizer.py PUNCTUATIONS. */
const REMOVED = new Set(["''", "'", '``', '`', '-LRB-', '-RRB-', '-LCB-', '-RCB-', '.', '?', '!', ',', ':', '-', '--', '...', ';']);

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'prof', 'mt', 'ft', 'rd', 'ave', 'blvd', 'co', 'corp', 'inc', 'ltd',
  'vs', 'etc', 'approx', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const BRACKETS: Record<string, string> = { '(': '-LRB-', ')': '-RRB-', '[': '-LSB-', ']': '-RSB-', '{': '-LCB-', '}': '-RCB-' };

/** Split one whitespace-free chunk into PTB tokens. */
function splitChunk(chunk: string, out: string[]): void {
  // leading punctuation
  let s = chunk;
  const lead: string[] = [];
  for (;;) {
    let m: RegExpMatchArray | null;
    if ((m = s.match(/^(``|''|"|“|”|‘|’|`)/))) { lead.push(m[1] === '"' || m[1] === '“' ? '``' : m[1] === '”' ? "''" : '`'); s = s.slice(m[1].length); }
    else if ((m = s.match(/^'(?![sSdDmM]\b|ll\b|re\b|ve\b|LL\b|RE\b|VE\b)/)) && s.length > 1) { lead.push('`'); s = s.slice(1); }
    else if ((m = s.match(/^([\(\)\[\]\{\}])/))) { lead.push(BRACKETS[m[1]]); s = s.slice(1); }
    else if ((m = s.match(/^(\.\.\.|…)/))) { lead.push('...'); s = s.slice(m[1].length); }
    else if ((m = s.match(/^(--+|—|–)/))) { lead.push('--'); s = s.slice(m[1].length); }
    else if ((m = s.match(/^([£])/))) { lead.push('#'); s = s.slice(1); }
    else if ((m = s.match(/^\.(?=[A-Za-z])/))) { lead.push('.'); s = s.slice(1); }
    else if ((m = s.match(/^([$€¥])/))) { lead.push('$'); s = s.slice(1); }
    else if ((m = s.match(/^([,;:!?%&@#*+=<>\/\\|~^-])(?=.)/)) && !/^-\d/.test(s)) { lead.push(m[1]); s = s.slice(1); }
    else break;
  }
  // trailing punctuation (collected right to left)
  const trail: string[] = [];
  let strippedPunct = false;
  for (;;) {
    let m: RegExpMatchArray | null;
    if (s === '') break;
    if ((m = s.match(/(``|''|"|“|”|’|‘)$/))) { trail.unshift(m[1] === '``' || m[1] === '“' ? '``' : "''"); s = s.slice(0, -m[1].length); }
    else if ((m = s.match(/([\(\)\[\]\{\}])$/))) { trail.unshift(BRACKETS[m[1]]); s = s.slice(0, -1); }
    else if ((m = s.match(/(\.\.\.|…)$/))) { trail.unshift('...'); s = s.slice(0, -m[1].length); }
    else if ((m = s.match(/(--+|—|–)$/))) { trail.unshift('--'); s = s.slice(0, -m[1].length); }
    else if ((m = s.match(/([,;:!?%&@#*+=<>\/\\|~^-])$/)) && s.length > 1) { trail.unshift(m[1]); s = s.slice(0, -1); strippedPunct = true; }
    else if (s.endsWith('.') && s.length > 1) {
      // "center.," -> "center." ","  (a period followed by other punctuation stays attached)
      if (strippedPunct) break;
      const stem = s.slice(0, -1);
      // abbreviations keep their period: known ones, single letters, dotted acronyms (u.s.)
      if (ABBREVIATIONS.has(stem.toLowerCase()) || /^[A-Za-z]$/.test(stem) || /^([A-Za-z]\.)+[A-Za-z]$/.test(stem)) break;
      trail.unshift('.'); s = stem;
    } else if (s.endsWith("'") && s.length > 1 && !/'$/.test(s.slice(0, -1))) { trail.unshift("'"); s = s.slice(0, -1); }
    else break;
  }
  out.push(...lead);
  if (s !== '') out.push(...splitWord(s));
  out.push(...trail);
}

/** Clitics and the special words PTB splits, on a chunk free of edge punctuation. */
function splitWord(w: string): string[] {
  const lower = w.toLowerCase();
  const special: Record<string, number> = { cannot: 3, gonna: 3, gotta: 3, wanna: 3, lemme: 3, gimme: 3 };
  if (special[lower] !== undefined) return [w.slice(0, special[lower]), w.slice(special[lower])];
  let m: RegExpMatchArray | null;
  if ((m = w.match(/^(.+?)(n't)$/i))) return [m[1], m[2]];
  if ((m = w.match(/^(.+?)('(?:s|m|d|ll|re|ve))$/i))) return [m[1], m[2]];
  if ((m = w.match(/^(.+?)(\.\.\.|…)(.+)$/))) return [...splitWord(m[1]), '...', ...splitWord(m[3])];
  if ((m = w.match(/^(.*[^0-9])([,:])([^0-9].*)$/))) return [...splitWord(m[1]), m[2], ...splitWord(m[3])];
  // internal sentence punctuation that is not part of a number or a URL-like token
  if ((m = w.match(/^([^;!?]+)([;!?])(.+)$/))) return [m[1], m[2], ...splitWord(m[3])];
  if ((m = w.match(/^([^£$€¥]+)([£$€¥])(.+)$/))) {
    const out: string[] = [];
    splitChunk(m[1], out);
    out.push(m[2] === '£' ? '#' : '$');
    splitChunk(m[3], out);
    return out;
  }
  return [w];
}

/** PTB tokens of a line (before lowercasing and punctuation removal). */
export function ptbTokens(line: string): string[] {
  const out: string[] = [];
  for (const chunk of line.replace(/[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ').split(/\s+/)) {
    if (chunk !== '') splitChunk(chunk, out);
  }
  return out;
}

/** pycocoevalcap's tokenised caption: lowercased PTB tokens minus PUNCTUATIONS, joined by spaces. */
export function cocoTokenize(text: string): string {
  return ptbTokens(text.replace(/\n/g, ' '))
    .map((t) => t.toLowerCase()) // -lowerCase runs inside the tokenizer, before the removal list
    .filter((t) => !REMOVED.has(t))
    .join(' ');
}
