/**
 * The attention rule of Figure 3 for a causal model: every row sees the information-token columns (so
 * source rows see them although they come later); inside the information block only the diagonal;
 * information rows see the whole source; target rows stay causal; padding is never seen.
 *
 * Mechanism (why not a bias alone): the model's causal mask is additive (−1e9), and cancelling it with
 * +1e9 destroys the scores' precision (float32 ulp at 1e9 is 64). Instead, each layer's information-token
 * keys/values (captured at the 'attention.key' / 'attention.value' hooks, after any V_Q key scaling) are
 * also offered as prefix keys, which the model never masks; an attention-bias hook then hides, per row,
 * the prefix copies a row may not see (other information tokens, for an information row) and the
 * in-sequence information columns (now duplicates). The visible (query, key) pairs and their keys/values
 * are exactly Figure 3's. Cached decoding steps (pastLength > 0) need neither: the new target rows see the
 * cached information columns causally.
 * Positions are added at the embeddings (GPT-2), so captured keys carry them; rotary models (Llama) rotate
 * keys after the hook and are not supported by this mechanism.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NEG_INF, TokenKind, type HookContext } from '@peftbench/core';

/** The rule itself, on one row's token kinds: visible[i][j] = query i may attend to key j. */
export function figure3Visibility(kinds: number[]): boolean[][] {
  return kinds.map((qi, i) =>
    kinds.map((kj, j) => {
      if (kj === TokenKind.pad) return false;
      if (kj === TokenKind.inserted) return qi !== TokenKind.inserted || i === j;
      return j <= i;
    }),
  );
}

/** Positions of the information tokens of each row, in order. */
export function infoPositions(kinds: Int32Array, B: number, T: number): number[][] {
  return Array.from({ length: B }, (_, b) => {
    const out: number[] = [];
    for (let t = 0; t < T; t++) if (kinds[b * T + t] === TokenKind.inserted) out.push(t);
    return out;
  });
}

/** The information tokens' keys or values as prefix: x [B, T, Hkv·dh] → [B, Hkv, R, dh]. */
export function gatherInfo(x: tf.Tensor, positions: number[][], numKvHeads: number, headDim: number): tf.Tensor {
  const [B, T, D] = x.shape;
  const R = positions[0].length;
  const idx = tf.tensor1d(positions.flatMap((row, b) => row.map((t) => b * T + t)), 'int32');
  const rows = tf.gather(x.reshape([B * T, D]), idx); // [B·R, D]
  return rows.reshape([B, R, numKvHeads, headDim]).transpose([0, 2, 1, 3]);
}

/**
 * Additive bias [B, 1, T, R + T] over (prefix copies | sequence): hide prefix copy r from information
 * row t unless it is row t's own token; hide every in-sequence information column.
 */
export function infoBias(kinds: Int32Array, positions: number[][], B: number, T: number): tf.Tensor {
  const R = positions[0].length;
  const S = R + T;
  const data = new Float32Array(B * T * S);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const row = (b * T + t) * S;
      const qIsInfo = kinds[b * T + t] === TokenKind.inserted;
      for (let r = 0; r < R; r++) if (qIsInfo && positions[b][r] !== t) data[row + r] = NEG_INF;
      for (const p of positions[b]) data[row + R + p] = NEG_INF;
    }
  }
  return tf.tensor4d(data, [B, 1, T, S]);
}

/** Whether this forward needs the rule (full-sequence pass with information tokens). */
export function ruleApplies(ctx: HookContext): number[][] | null {
  if (ctx.pastLength > 0) return null;
  const positions = infoPositions(ctx.tokenKinds, ctx.batchSize, ctx.seqLen);
  if (positions.every((p) => p.length === 0)) return null;
  const R = positions[0].length;
  if (positions.some((p) => p.length !== R)) throw new Error(`IT-Tuning: rows hold different numbers of information tokens (${positions.map((p) => p.length)})`);
  return positions;
}
