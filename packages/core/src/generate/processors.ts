/**
 * Logits processors, as Hugging Face applies them (in this order), on one row's scores in place.
 * Arithmetic is rounded to float32, as torch does on float32 scores.
 */

/**
 * Repetition penalty (CTRL, Keskar et al. 2019; HF RepetitionPenaltyLogitsProcessor): every id present in
 * the sequence so far (prompt and padding included, each id once) gets score·p if negative, score/p if not.
 */
export function applyRepetitionPenalty(scores: Float32Array, sequence: number[], penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(sequence)) {
    const s = scores[id];
    scores[id] = Math.fround(s < 0 ? s * penalty : s / penalty);
  }
}

/**
 * No-repeat n-gram (HF NoRepeatNGramLogitsProcessor): a token that would complete an n-gram already in the
 * sequence is banned (-inf). Nothing is banned until the sequence has n-1 tokens.
 */
export function applyNoRepeatNgram(scores: Float32Array, sequence: number[], n: number): void {
  if (n <= 0) return;
  const len = sequence.length;
  if (len + 1 < n) return;
  const start = len + 1 - n; // the last n-1 tokens are the prefix to match
  for (let i = 0; i + n <= len; i++) {
    let match = true;
    for (let k = 0; k < n - 1 && match; k++) match = sequence[i + k] === sequence[start + k];
    if (match) scores[sequence[i + n - 1]] = -Infinity;
  }
}

/** Both processors with the options' settings. */
export function processScores(scores: Float32Array, sequence: number[], opts: { repetitionPenalty: number; noRepeatNgramSize: number }): void {
  applyRepetitionPenalty(scores, sequence, opts.repetitionPenalty);
  applyNoRepeatNgram(scores, sequence, opts.noRepeatNgramSize);
}
