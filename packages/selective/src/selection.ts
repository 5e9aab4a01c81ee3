/**
 * Mask bookkeeping for selective methods: which scalar entries of which tensors are chosen (the set Λ of
 * the ID3 paper). Masks live on the CPU in the parameter's storage layout (Linear weights are stored
 * [in, out]); tensors that changed are re-uploaded once per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Parameter } from '@peftbench/core';

export class SelectionState {
  private readonly masks = new Map<string, Uint8Array>();
  private readonly counts = new Map<string, number>();
  private readonly changed = new Set<string>();
  private total = 0;

  constructor(readonly targets: Parameter[]) {
    for (const p of targets) {
      this.masks.set(p.name, new Uint8Array(p.variable.size));
      this.counts.set(p.name, 0);
      this.changed.add(p.name);
    }
  }

  /** |Λ|: chosen entries over all target tensors. */
  get size(): number {
    return this.total;
  }

  /** Scalars in all target tensors (the pool entries are chosen from). */
  get poolSize(): number {
    return this.targets.reduce((s, p) => s + p.variable.size, 0);
  }

  countIn(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  mask(name: string): Uint8Array {
    const m = this.masks.get(name);
    if (!m) throw new Error(`'${name}' is not a target tensor of this selection`);
    return m;
  }

  isChosen(name: string, index: number): boolean {
    return this.mask(name)[index] === 1;
  }

  /** Add entries (flat indices in storage layout) to Λ; returns how many were new. */
  choose(name: string, indices: Iterable<number>): number {
    const m = this.mask(name);
    let added = 0;
    for (const i of indices) {
      if (i < 0 || i >= m.length || !Number.isInteger(i)) throw new Error(`index ${i} outside '${name}' (${m.length} entries)`);
      if (m[i] === 0) {
        m[i] = 1;
        added++;
      }
    }
    if (added > 0) {
      this.counts.set(name, this.countIn(name) + added);
      this.total += added;
      this.changed.add(name);
    }
    return added;
  }

  /** Empty Λ (repeat-D3 re-selects from scratch every step). */
  clear(): void {
    for (const [name, m] of this.masks) {
      if (this.countIn(name) > 0) this.changed.add(name);
      m.fill(0);
      this.counts.set(name, 0);
    }
    this.total = 0;
  }

  /** Chosen flat indices of one tensor, ascending. */
  chosenIndices(name: string): Int32Array {
    const m = this.mask(name);
    const out = new Int32Array(this.countIn(name));
    let j = 0;
    for (let i = 0; i < m.length; i++) if (m[i]) out[j++] = i;
    return out;
  }

  /** The 0/1 float mask of one tensor, shaped like the parameter (caller disposes). */
  maskTensor(name: string): tf.Tensor {
    const p = this.targets.find((t) => t.name === name)!;
    return tf.tensor(Float32Array.from(this.mask(name)), p.variable.shape, 'float32');
  }

  /** Names whose mask changed since the last call (and forget them). */
  takeChanged(): string[] {
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }
}
