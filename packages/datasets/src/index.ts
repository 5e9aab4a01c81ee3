// Common
export type { DataSource } from './common/source.ts';
export { DEMO_LABEL, describeSource } from './common/source.ts';
export type { SkippedRow } from './common/bad-rows.ts';
export type { EncodingTokenizer, SpecialTemplate } from './common/tokenizer.ts';
export { specialTemplate, contentIds, longestFirst } from './common/tokenizer.ts';
export { WordTokenizer } from './common/word-tokenizer.ts';
export type { EncodedExample, Batch, BatchOptions } from './common/batch.ts';
export { batches } from './common/batch.ts';
export type { SubsampleOptions } from './common/subsample.ts';
export { subsample } from './common/subsample.ts';
export { parseCsv } from './common/csv.ts';

// GLUE
export type { GlueTask, GlueTaskSpec } from './glue/tasks.ts';
export { GLUE_TASKS, GLUE_SPECS, glueTask } from './glue/tasks.ts';
export type { GlueExample, GlueData, GlueSplits } from './glue/types.ts';
export type { LoadGlueOptions } from './glue/load.ts';
export { loadGlue } from './glue/load.ts';
export { GLUE_HUB_REPO, glueHubPath } from './glue/hub.ts';
export type { GlueEncodeOptions, EncodedGlueExample } from './glue/encode.ts';
export { glueEncode } from './glue/encode.ts';
export type { Protocol, ProtocolSplits } from './glue/protocols.ts';
export { PROTOCOLS, applyProtocol, parseProtocol, ID3_EVAL } from './glue/protocols.ts';
export { demoCorpus, demoGlueSplit } from './glue/demo.ts';
