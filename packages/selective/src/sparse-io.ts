/**
 * Sparse storage of a selective fine-tune (ID3 paper §3.3, Figure 3): only the chosen values and their
 * pointers, O(B). Pointers are coordinates in the Hugging Face layout of the tensor (row, column for a
 * Linear weight [out, in]), so a file does not depend on how this repo stores weights.
 *
 * Keys: `base_model.model.<tensor>.selected_values` F32 [k] and `….selected_pointers` F32 [k, rank].
 * Deviation: the paper stores pointers as uint32 and values as float64; the adapter writer is F32-only,
 * and F32 holds every integer coordinate below 2^24 exactly (checked on save), and our weights are F32.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';
import { PEFT_PREFIX, type Parameter } from '@peftbench/core';

export const VALUES_SUFFIX = '.selected_values';
export const POINTERS_SUFFIX = '.selected_pointers';
const EXACT_F32_INT = 2 ** 24;

/** The parameter's shape in HF layout. */
export function hfShape(p: Parameter): number[] {
  return p.transposed ? [...p.variable.shape].reverse() : [...p.variable.shape];
}

/** Storage-layout flat index → HF-layout coordinates. */
export function toPointer(p: Parameter, index: number): number[] {
  const s = p.variable.shape;
  if (p.transposed) {
    const [, out] = s; // storage [in, out], HF [out, in]
    return [index % out, Math.floor(index / out)];
  }
  const coords = new Array<number>(s.length);
  let rest = index;
  for (let d = s.length - 1; d >= 0; d--) {
    coords[d] = rest % s[d];
    rest = Math.floor(rest / s[d]);
  }
  return coords;
}

/** HF-layout coordinates → storage-layout flat index, or -1 when out of bounds. */
export function fromPointer(p: Parameter, coords: ArrayLike<number>): number {
  const hf = hfShape(p);
  if (coords.length !== hf.length) return -1;
  for (let d = 0; d < hf.length; d++) if (!Number.isInteger(coords[d]) || coords[d] < 0 || coords[d] >= hf[d]) return -1;
  if (p.transposed) {
    const [, out] = p.variable.shape;
    return coords[1] * out + coords[0];
  }
  let index = 0;
  for (let d = 0; d < hf.length; d++) index = index * hf[d] + coords[d];
  return index;
}

export interface SparseEntry {
  /** Flat indices in storage layout, ascending. */
  indices: Int32Array;
  values: Float32Array;
}

/** Tensors to save for the given sparse entries (values + pointers per tensor). */
export function sparseTensors(params: Map<string, Parameter>, entries: Map<string, SparseEntry>): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, e] of entries) {
    if (e.indices.length === 0) continue;
    const p = params.get(name)!;
    if (hfShape(p).some((d) => d > EXACT_F32_INT)) throw new Error(`'${name}' has a dimension above 2^24: its pointers would not be exact in F32`);
    const rank = p.variable.rank;
    const pointers = new Float32Array(e.indices.length * rank);
    e.indices.forEach((idx, r) => pointers.set(toPointer(p, idx), r * rank));
    out.set(PEFT_PREFIX + name + VALUES_SUFFIX, tf.tensor1d(e.values, 'float32'));
    out.set(PEFT_PREFIX + name + POINTERS_SUFFIX, tf.tensor2d(pointers, [e.indices.length, rank], 'float32'));
  }
  return out;
}

/** Read the current values of chosen entries. */
export function readEntries(p: Parameter, indices: Int32Array): SparseEntry {
  const data = p.variable.dataSync() as Float32Array;
  return { indices, values: Float32Array.from(indices, (i) => data[i]) };
}

/**
 * Pull the sparse pairs for `targets` out of loaded adapter tensors (removing the keys it consumed);
 * errors name the file, the key and the record.
 */
export function takeSparseEntries(
  targets: Map<string, Parameter>,
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
  file: string,
): Map<string, SparseEntry> {
  const out = new Map<string, SparseEntry>();
  for (const key of [...tensors.keys()]) {
    if (!key.endsWith(VALUES_SUFFIX)) continue;
    const name = key.slice(key.startsWith(PEFT_PREFIX) ? PEFT_PREFIX.length : 0, -VALUES_SUFFIX.length);
    const pKey = key.slice(0, -VALUES_SUFFIX.length) + POINTERS_SUFFIX;
    const p = targets.get(name);
    if (!p) throw new InputError(`${file} [${key}]: not a target tensor of this selective adapter`);
    const values = tensors.get(key)!;
    const pointers = tensors.get(pKey);
    if (!pointers) throw new InputError(`${file} [${pKey}]: missing (values without pointers)`);
    const k = values.data.length;
    const rank = p.variable.rank;
    if (values.shape.length !== 1 || pointers.shape.join() !== [k, rank].join()) {
      throw new InputError(`${file} [${pKey}]: shape [${pointers.shape}] does not match ${k} values of a rank-${rank} tensor`);
    }
    const indices = new Int32Array(k);
    for (let r = 0; r < k; r++) {
      const coords = pointers.data.subarray(r * rank, (r + 1) * rank);
      const idx = fromPointer(p, coords);
      if (idx < 0) throw new InputError(`${file} [${pKey}]: record ${r}: pointer (${[...coords]}) is outside [${hfShape(p)}]`);
      indices[r] = idx;
    }
    out.set(name, { indices, values: Float32Array.from(values.data) });
    tensors.delete(key);
    tensors.delete(pKey);
  }
  for (const key of tensors.keys()) if (key.endsWith(POINTERS_SUFFIX)) throw new InputError(`${file} [${key}]: pointers without values`);
  return out;
}

/** Write entries into the parameter (storage layout). */
export function scatterEntries(p: Parameter, e: SparseEntry): void {
  const data = Float32Array.from(p.variable.dataSync() as Float32Array);
  e.indices.forEach((idx, r) => (data[idx] = e.values[r]));
  const t = tf.tensor(data, p.variable.shape, 'float32');
  p.variable.assign(t);
  t.dispose();
}
