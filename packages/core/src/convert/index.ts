export { runConvertCli } from './cli.ts';
export { convertLlama2c, type ConvertLlama2cResult } from './llama2c.ts';
export { readLlama2cCheckpoint, readLlama2cHeader, permuteRopeRows, type Llama2cHeader } from './llama2c-checkpoint.ts';
export { readLlama2cTokenizer, llama2cEncode, llama2cDecode, toHfTokenizerJson, type Llama2cTokenizer } from './llama2c-tokenizer.ts';
