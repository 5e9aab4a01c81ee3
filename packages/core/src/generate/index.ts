export { generate, type GenerateOutput, type GeneratePrompt } from './generate.ts';
export { parseGenerateOptions, generateOptionsSchema, type GenerateOptions, type GenerateOptionsInput } from './options.ts';
export { applyRepetitionPenalty, applyNoRepeatNgram } from './processors.ts';
export { BeamHypotheses } from './beam.ts';
export { DecodeSession } from './session.ts';
export { generateSeq2seq, isEncoderDecoder } from './seq2seq.ts';
export { Seq2SeqSession } from './seq2seq-session.ts';
export type { SearchSession } from './session.ts';
