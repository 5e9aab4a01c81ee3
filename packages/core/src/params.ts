/**
 * The parameter registry: every tensor a model or a method owns, by name, with whether it trains, its
 * learning-rate group and an optional update mask. The trainer reads only this.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '@peftbench/util';

export interface Parameter {
  /** HF name (base weights) or a method's own name (e.g. `red.layer.3.scaling`). */
  name: string;
  variable: tf.Variable;
  trainable: boolean;
  /** Stored transposed relative to HF (Linear weights are kept [in, out] so matmuls take the fast path). */
  transposed: boolean;
  /** Learning-rate group; groups carry multipliers (IT-Tuning's α). */
  group: string;
  /** Decoupled weight decay applies (default: ≥ 2-D weights, not biases / LayerNorm / embeddings of methods). */
  decay: boolean;
  /** Who created it: 'base', 'head' or a method name. Method-owned and head params are saved with adapters. */
  owner: string;
  /** 1 = entry may change, 0 = frozen; applied to the whole optimizer update (incl. weight decay). */
  updateMask?: tf.Tensor;
}

export class ParameterRegistry {
  private readonly byName = new Map<string, Parameter>();

  add(p: Omit<Parameter, 'group' | 'decay' | 'transposed'> & Partial<Pick<Parameter, 'group' | 'decay' | 'transposed'>>): Parameter {
    if (this.byName.has(p.name)) throw new Error(`parameter '${p.name}' is registered twice`);
    const full: Parameter = {
      group: 'default',
      decay: p.variable.shape.length >= 2 && !/layernorm|layer_norm|norm\.weight|ln_/i.test(p.name),
      transposed: false,
      ...p,
    };
    this.byName.set(p.name, full);
    return full;
  }

  get(name: string): Parameter {
    const p = this.byName.get(name);
    if (!p) throw new Error(`no parameter named '${name}'`);
    return p;
  }

  tryGet(name: string): Parameter | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  all(): Parameter[] {
    return [...this.byName.values()];
  }

  trainable(): Parameter[] {
    return this.all().filter((p) => p.trainable);
  }

  /** Freeze or unfreeze every parameter for which `pred` holds. */
  setTrainable(pred: (p: Parameter) => boolean, trainable: boolean): void {
    for (const p of this.all()) if (pred(p)) p.trainable = trainable;
  }

  setUpdateMask(name: string, mask: tf.Tensor | undefined): void {
    const p = this.get(name);
    if (mask && mask.shape.join() !== p.variable.shape.join()) {
      throw new Error(`update mask for '${name}' has shape [${mask.shape}], parameter is [${p.variable.shape}]`);
    }
    p.updateMask?.dispose();
    p.updateMask = mask ? tf.keep(mask) : undefined;
  }

  /** Number of scalars that train (counting only unmasked entries where a mask is set). */
  countTrainable(): number {
    let n = 0;
    for (const p of this.trainable()) n += p.updateMask ? Math.round(p.updateMask.sum().dataSync()[0]) : p.variable.size;
    return n;
  }

  countAll(): number {
    return this.all().reduce((s, p) => s + p.variable.size, 0);
  }

  /** The tensor in HF layout (transposed back where stored transposed). Caller disposes. */
  hfValue(name: string): tf.Tensor {
    const p = this.get(name);
    return p.transposed ? tf.transpose(p.variable) : p.variable.clone();
  }

  /** Assign an HF-layout tensor (transposing where stored transposed); errors name `file` and `key`. */
  assignHf(name: string, t: { shape: number[]; data: Float32Array }, file: string, key = name): void {
    const p = this.get(name);
    const hfShape = p.transposed ? [...p.variable.shape].reverse() : p.variable.shape;
    if (t.shape.join() !== hfShape.join()) throw new InputError(`${file} [${key}]: shape [${t.shape}] does not match the model's [${hfShape}]`);
    const value = tf.tidy(() => {
      const x = tf.tensor(t.data, t.shape, 'float32');
      return p.transposed ? tf.transpose(x) : x;
    });
    p.variable.assign(value);
    value.dispose();
  }

  remove(name: string): void {
    const p = this.byName.get(name);
    if (!p) return;
    p.variable.dispose();
    p.updateMask?.dispose();
    this.byName.delete(name);
  }

  dispose(): void {
    for (const name of [...this.byName.keys()]) this.remove(name);
  }
}
