/**
 * ROUGE-L as pycocoevalcap's Rouge scorer computes it (Lin 2004, sec. 3.1, sentence-level LCS F-measure):
 * per segment, LCS against every reference; P = max_r LCS/|hyp|, R = max_r LCS/|ref| taken
 * independently; F = (1+β²)PR / (R + β²P) with β = 1.2; corpus score = mean over segments. Tokens are
 * `text.split(" ")` of the PTB-tokenised strings (so an empty string is one empty token, as there).
 */

function lcsLength(a: readonly string[], b: readonly string[]): number {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  let prev = new Uint32Array(short.length + 1), cur = new Uint32Array(short.length + 1);
  for (let i = 1; i <= long.length; i++) {
    for (let j = 1; j <= short.length; j++) {
      cur[j] = long[i - 1] === short[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[short.length];
}

const BETA = 1.2;

export function rougeLSegment(hyp: string, refs: readonly string[]): number {
  const h = hyp.split(' ');
  let precMax = 0, recMax = 0;
  for (const ref of refs) {
    const r = ref.split(' ');
    const lcs = lcsLength(r, h);
    precMax = Math.max(precMax, lcs / h.length);
    recMax = Math.max(recMax, lcs / r.length);
  }
  if (precMax === 0 || recMax === 0) return 0;
  return ((1 + BETA ** 2) * precMax * recMax) / (recMax + BETA ** 2 * precMax);
}

export function rougeL(hyps: readonly string[], refs: readonly (readonly string[])[]): { score: number; segments: number[] } {
  const segments = hyps.map((h, i) => rougeLSegment(h, refs[i]));
  return { score: segments.reduce((a, b) => a + b, 0) / segments.length, segments };
}
