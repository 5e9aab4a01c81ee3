/**
 * A model's parameters and Linear layers computed from config.json alone (no weights), in HF names and
 * HF layout, so that every method can count what it trains for checkpoints too large to load (Llama 7B).
 */

/** One tensor as HF's `model.named_parameters()` lists it (tied tensors listed once). */
export interface ParamShape {
  name: string;
  shape: number[];
  /** 'head' = a task head core marks as trained from scratch; everything else (LM heads included) is 'base'. */
  owner: 'base' | 'head';
}

/** One Linear / Conv1D of the backbone (heads excluded): what LoRA's target_modules can match. */
export interface LinearShape {
  /** HF module name, e.g. `roberta.encoder.layer.0.attention.self.query`, `transformer.h.3.attn.c_attn`. */
  name: string;
  layer: number;
  inFeatures: number;
  outFeatures: number;
  /** Core hook point this Linear's output feeds (RED edits here). */
  site?: 'attention.output' | 'ffn.output';
}

export interface ModelShapes {
  modelType: string;
  hiddenSize: number;
  params: ParamShape[];
  linears: LinearShape[];
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
