import { Rng } from '@peftbench/util';

/** A tokenized example ready for batching. */
export interface EncodedExample {
  inputIds: number[];
  typeIds: number[];
  /** A class id, a regression target, or per-token labels (-100 = ignored). */
  label: number | number[];
  idx: number;
}

export interface Batch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  /** One label per example (classification/regression) or one per position (token/causal LM). */
  labels: number[] | number[][];
  idx: number[];
}

export interface BatchOptions {
  batchSize: number;
  shuffle?: boolean;
  /** Required when shuffling: data order is a function of the seed. */
  rng?: Rng;
  padId: number;
  /** 'right' (encoders, training) or 'left' (batched generation). */
  padSide?: 'left' | 'right';
  /** Drop a last batch smaller than batchSize. */
  dropLast?: boolean;
}

/**
 * Dynamic padding: each batch is padded only to its own longest sequence. Per-position labels are
 * padded with -100 (ignored by the loss), token types with 0, the attention mask with 0.
 */
export function* batches(encoded: readonly EncodedExample[], opts: BatchOptions): Generator<Batch> {
  if (!(opts.batchSize >= 1)) throw new Error(`batches: batchSize must be >= 1, got ${opts.batchSize}`);
  let order = encoded.map((_, i) => i);
  if (opts.shuffle) {
    if (!opts.rng) throw new Error('batches: shuffle needs an rng (data order must be seeded)');
    order = opts.rng.shuffle(order);
  }
  const left = opts.padSide === 'left';
  for (let s = 0; s < order.length; s += opts.batchSize) {
    const members = order.slice(s, s + opts.batchSize).map((i) => encoded[i]);
    if (opts.dropLast && members.length < opts.batchSize) break;
    const width = Math.max(...members.map((e) => e.inputIds.length));
    const pad = <T>(row: T[], fill: T): T[] => {
      const extra = new Array<T>(width - row.length).fill(fill);
      return left ? [...extra, ...row] : [...row, ...extra];
    };
    const perToken = Array.isArray(members[0].label);
    yield {
      inputIds: members.map((e) => pad(e.inputIds, opts.padId)),
      attentionMask: members.map((e) => pad(e.inputIds.map(() => 1), 0)),
      tokenTypeIds: members.map((e) => pad(e.typeIds, 0)),
      labels: perToken ? members.map((e) => pad(e.label as number[], -100)) : members.map((e) => e.label as number),
      idx: members.map((e) => e.idx),
    };
  }
}
