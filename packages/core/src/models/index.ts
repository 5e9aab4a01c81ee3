import { EncoderModel } from './encoder.ts';
import { registerArchitecture } from './load.ts';
import type { EncoderConfig } from './config.ts';

registerArchitecture('bert', (config, task, opts) => new EncoderModel(config as EncoderConfig, task, opts));
registerArchitecture('roberta', (config, task, opts) => new EncoderModel(config as EncoderConfig, task, opts));

export * from './base.ts';
export * from './config.ts';
export * from './encoder.ts';
export * from './load.ts';
