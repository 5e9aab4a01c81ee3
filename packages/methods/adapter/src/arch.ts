/**
 * What the adapters need to know about an architecture core builds: pre- or post-LN, the LayerNorm after
 * the FFN residual (post-LN encoders: Pfeiffer's adapter reads the layer-normed FFN output), and where
 * AdapterHub's `adapters` library keeps a layer's adapters (its module paths, so that our weight keys are
 * AdapterHub's: BERT/RoBERTa/DeBERTa `<layer>.attention.output.adapters.<name>` and `<layer>.output.adapters.<name>`,
 * GPT-2 / Llama `<block>.attention_adapters.adapters.<name>` and `<block>.output_adapters.adapters.<name>`,
 * T5 `<stack>.block.<i>.layer.<sublayer>.adapters.<name>`).
 */
import type { HfConfig } from '@peftbench/core';
import { InputError } from '@peftbench/util';

export type AdapterSite = 'mh' | 'output';

export interface ArchInfo {
  modelType: string;
  postLn: boolean;
  /** Module path holding the adapters of one site in one layer (without `.adapters.<name>`). */
  container(site: AdapterSite, layer: number): string;
  /** Post-LN only: the LayerNorm applied after the FFN residual add, and its epsilon. */
  outputLayerNorm?(layer: number): { name: string; eps: number };
}

const encoder = (cfg: HfConfig, prefix: string): ArchInfo => ({
  modelType: cfg.model_type,
  postLn: true,
  container: (site, l) => `${prefix}.encoder.layer.${l}.${site === 'mh' ? 'attention.output' : 'output'}`,
  outputLayerNorm: (l) => ({ name: `${prefix}.encoder.layer.${l}.output.LayerNorm`, eps: Number(cfg.layer_norm_eps ?? 1e-12) }),
});

const decoder = (cfg: HfConfig, blocks: string): ArchInfo => ({
  modelType: cfg.model_type,
  postLn: false,
  container: (site, l) => `${blocks}.${l}.${site === 'mh' ? 'attention_adapters' : 'output_adapters'}`,
});

/**
 * T5 (pre-norm; core numbers encoder blocks 0..E-1, decoder blocks E..E+D-1): AdapterHub's T5 keeps the
 * attention adapters in the self-attention sublayer (`<stack>.block.<i>.layer.0.adapters.<name>`) and the output
 * adapters in the FFN sublayer (`layer.1` in the encoder, `layer.2` in the decoder, after cross-attention).
 */
const t5 = (cfg: HfConfig): ArchInfo => {
  const enc = Number(cfg.num_layers);
  return {
    modelType: cfg.model_type,
    postLn: false,
    container: (site, l) => (l < enc ? `encoder.block.${l}.layer.${site === 'mh' ? 0 : 1}` : `decoder.block.${l - enc}.layer.${site === 'mh' ? 0 : 2}`),
  };
};

const ARCHS: Record<string, (cfg: HfConfig) => ArchInfo> = {
  bert: (c) => encoder(c, 'bert'),
  roberta: (c) => encoder(c, 'roberta'),
  'deberta-v2': (c) => encoder(c, 'deberta'),
  gpt2: (c) => decoder(c, 'transformer.h'),
  llama: (c) => decoder(c, 'model.layers'),
  t5,
};

export const ADAPTER_MODEL_TYPES = Object.keys(ARCHS);

/** The architecture's adapter sites; an architecture without them is an error naming the method's placement. */
export function archOf(cfg: HfConfig, method: string): ArchInfo {
  const make = ARCHS[cfg.model_type];
  if (!make) {
    throw new InputError(
      `method '${method}' config [placement]: architecture '${cfg.model_type}' has no adapter sites in this package (supported: ${ADAPTER_MODEL_TYPES.join(', ')})`,
    );
  }
  return make(cfg);
}
