/** Collects ParamShapes and LinearShapes while an architecture table is written out. */
import type { LinearShape, ModelShapes, ParamShape } from './types.ts';

export class ShapeBuilder {
  readonly params: ParamShape[] = [];
  readonly linears: LinearShape[] = [];

  param(name: string, shape: number[], owner: ParamShape['owner'] = 'base'): void {
    this.params.push({ name, shape, owner });
  }

  /** HF nn.Linear: weight [out, in] (+ bias [out]); a backbone Linear is also listed for LoRA. */
  linear(name: string, inFeatures: number, outFeatures: number, opts: { bias?: boolean; owner?: ParamShape['owner']; layer?: number; site?: LinearShape['site'] } = {}): void {
    this.param(`${name}.weight`, [outFeatures, inFeatures], opts.owner);
    if (opts.bias ?? true) this.param(`${name}.bias`, [outFeatures], opts.owner);
    if (opts.layer !== undefined) this.linears.push({ name, layer: opts.layer, inFeatures, outFeatures, site: opts.site });
  }

  /** GPT-2 Conv1D: weight stored [in, out] (y = x W + b). */
  conv1d(name: string, inFeatures: number, outFeatures: number, layer: number, site?: LinearShape['site']): void {
    this.param(`${name}.weight`, [inFeatures, outFeatures]);
    this.param(`${name}.bias`, [outFeatures]);
    this.linears.push({ name, layer, inFeatures, outFeatures, site });
  }

  norm(name: string, size: number, opts: { bias?: boolean; owner?: ParamShape['owner'] } = {}): void {
    this.param(`${name}.weight`, [size], opts.owner);
    if (opts.bias ?? true) this.param(`${name}.bias`, [size], opts.owner);
  }

  build(modelType: string, hiddenSize: number): ModelShapes {
    return { modelType, hiddenSize, params: this.params, linears: this.linears };
  }
}
