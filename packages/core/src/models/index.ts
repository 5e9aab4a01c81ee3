import { EncoderModel } from './encoder.ts';
import { registerArchitecture } from './load.ts';
import type { EncoderConfig } from './config.ts';

registerArchitecture('bert', (config, task, opts) => new EncoderModel(config as EncoderConfig, task, opts));
registerArchitecture('roberta', (config, task, opts) => new EncoderModel(config as EncoderConfig, task, opts));

export * from './base.ts';
export * from './config.ts';
export * from './encoder.ts';
export * from './load.ts';

// Decoders (issue 6): GPT-2 and Llama, with their config.json parsers.
import { Gpt2Model } from './gpt2.ts';
import { LlamaModel } from './llama.ts';
import { registerConfigParser } from './config.ts';
import { gpt2ConfigSchema, llamaConfigSchema, type Gpt2Config, type LlamaConfig } from './decoder-config.ts';
registerConfigParser('gpt2', gpt2ConfigSchema);
registerConfigParser('llama', llamaConfigSchema);
registerArchitecture('gpt2', (config, task, opts) => new Gpt2Model(config as Gpt2Config, task, opts));
registerArchitecture('llama', (config, task, opts) => new LlamaModel(config as LlamaConfig, task, opts));

// DeBERTa-v2/v3 (issue 17): model_type "deberta-v2".
import { DebertaV2Model } from './deberta.ts';
import { debertaV2ConfigSchema, type DebertaV2Config } from './deberta-config.ts';
registerConfigParser('deberta-v2', debertaV2ConfigSchema);
registerArchitecture('deberta-v2', (config, task, opts) => new DebertaV2Model(config as DebertaV2Config, task, opts));
export * from './deberta-config.ts';
export * from './deberta.ts';

// T5 (issue 17): encoder-decoder, T5ForConditionalGeneration as task 'causal-lm' (with the LM head) or 'bare'.
import { T5Model } from './t5.ts';
import { t5ConfigSchema, type T5Config } from './t5-config.ts';
registerConfigParser('t5', t5ConfigSchema);
registerArchitecture('t5', (config, task, opts) => new T5Model(config as T5Config, task, opts));
export * from './t5.ts';
export * from './t5-config.ts';
export * from './t5-cache.ts';
export { t5Bucket, t5BucketTable } from './t5-position.ts';
