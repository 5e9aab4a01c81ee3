/** Hidden size and layer count from any HF config.json (encoder, GPT-2, Llama, T5 names). */
import type { HfConfig } from '@peftbench/core';

export function modelDims(hf: HfConfig): { hiddenSize: number; numLayers: number } {
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof hf[k] === 'number') return hf[k] as number;
    throw new Error(`config.json has none of ${keys.join(' / ')}`);
  };
  // T5: core numbers encoder then decoder blocks (E + D layers, each with its hook points)
  if (hf.model_type === 't5') return { hiddenSize: num('d_model'), numLayers: num('num_layers') + (typeof hf.num_decoder_layers === 'number' ? hf.num_decoder_layers : num('num_layers')) };
  return { hiddenSize: num('hidden_size', 'n_embd', 'd_model'), numLayers: num('num_hidden_layers', 'n_layer', 'num_layers') };
}
