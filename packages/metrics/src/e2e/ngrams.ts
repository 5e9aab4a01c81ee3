/** n-gram counting shared by BLEU, NIST and CIDEr; an n-gram's key is its words joined by one space. */
export function countNgrams(words: readonly string[], maxN: number, into = new Map<string, number>()): Map<string, number> {
  for (let i = 0; i < words.length; i++) {
    let key = '';
    for (let n = 1; n <= maxN && i + n <= words.length; n++) {
      key = n === 1 ? words[i] : `${key} ${words[i + n - 1]}`;
      into.set(key, (into.get(key) ?? 0) + 1);
    }
  }
  return into;
}

/** Number of words in an n-gram key. */
export function ngramOrder(key: string): number {
  let n = 1;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) === 32) n++;
  return n;
}
