export type { TextTokenizer, SpecialIds, EncodeOptions, DecodeOptions } from './text-tokenizer.ts';
export { loadTokenizer } from './load.ts';
export { wrapTokenizer as tokenizerFromJson, type TokenizerJson } from './wrap.ts';
export { gpt2TokenizerJson, ROBERTA_SPECIAL_IDS, ROBERTA_ID_OFFSET, type Gpt2Flavour } from './gpt2-json.ts';
export { restrictBpeVocab, type RestrictedTokenizer } from './restrict-vocab.ts';
export { byteSymbols } from './byte-alphabet.ts';
export { bertWordPieceTokenizerJson } from './bert-wordpiece.ts';
export { loadSpmTokenizer, spmTokenizer, findSpmModelFile, SPM_MODEL_FILES, type SpmTextTokenizer, type SpmFlavour, type SpmAddedToken } from './spm-tokenizer.ts';
export { parseSpmModel, readSpmModel, PieceType, type SpmModel, type SpmPiece } from './spm-model.ts';
