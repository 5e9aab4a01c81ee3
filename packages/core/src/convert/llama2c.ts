/**
 * llama2.c checkpoint + tokenizer → a Hugging Face model folder (config.json, model.safetensors with
 * Llama names, generation_config.json, tokenizer.json, tokenizer_config.json) that loadModel reads.
 */
import { join } from 'node:path';
import { writeSafetensors } from '@peftbench/safetensors';
import { writeJsonAtomic } from '@peftbench/util';
import { readLlama2cCheckpoint } from './llama2c-checkpoint.ts';
import { hfTokenizerConfig, readLlama2cTokenizer, toHfTokenizerJson, BOS_ID, EOS_ID } from './llama2c-tokenizer.ts';

export interface ConvertLlama2cResult {
  outDir: string;
  tensors: number;
  parameters: number;
  vocabSize: number;
}

export function convertLlama2c(opts: { checkpoint: string; tokenizer: string; out: string }): ConvertLlama2cResult {
  const { header, config, tensors } = readLlama2cCheckpoint(opts.checkpoint);
  const tok = readLlama2cTokenizer(opts.tokenizer, header.vocabSize);
  const entries: Record<string, { dtype: 'F32'; shape: number[]; data: Float32Array }> = {};
  let parameters = 0;
  for (const [name, t] of tensors) {
    entries[name] = { dtype: 'F32', shape: t.shape, data: t.data };
    parameters += t.data.length;
  }
  writeSafetensors(join(opts.out, 'model.safetensors'), entries, { format: 'pt' });
  writeJsonAtomic(join(opts.out, 'tokenizer.json'), toHfTokenizerJson(tok));
  writeJsonAtomic(join(opts.out, 'tokenizer_config.json'), hfTokenizerConfig(tok, header.seqLen));
  writeJsonAtomic(join(opts.out, 'generation_config.json'), { bos_token_id: BOS_ID, eos_token_id: EOS_ID });
  // config.json last: a folder with config.json is a complete model folder
  writeJsonAtomic(join(opts.out, 'config.json'), config);
  return { outDir: opts.out, tensors: tensors.size, parameters, vocabSize: header.vocabSize };
}
