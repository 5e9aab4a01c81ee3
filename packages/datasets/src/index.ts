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
export { GLUE_HUB_REPO, glueHubPath, glueHubFiles } from './glue/hub.ts';
export type { GlueEncodeOptions, EncodedGlueExample } from './glue/encode.ts';
export { glueEncode } from './glue/encode.ts';
export type { Protocol, ProtocolSplits } from './glue/protocols.ts';
export { PROTOCOLS, applyProtocol, parseProtocol, ID3_EVAL } from './glue/protocols.ts';
export { demoCorpus, demoCorpusPairs, demoGlueSplit } from './glue/demo.ts';

// E2E
export type { E2ePair, E2eGroup, E2eSplit, E2eData } from './e2e/types.ts';
export type { LoadE2eOptions } from './e2e/load.ts';
export { loadE2e, E2E_FILES, E2E_HUB } from './e2e/load.ts';
export type { Slot, MrFormat } from './e2e/mr.ts';
export { parseMr, lineariseMr } from './e2e/mr.ts';
export { groupByMr } from './e2e/group.ts';
export type { E2eEncodeOptions } from './e2e/encode.ts';
export { e2eEncode } from './e2e/encode.ts';
export type { CausalExample } from './common/causal.ts';
export { causalLayout } from './common/causal.ts';
export { demoE2ePairs } from './e2e/demo.ts';

// CoNLL-2003
export type { ConllSentence, ConllData } from './conll/types.ts';
export type { LoadConllOptions } from './conll/load.ts';
export { loadConll, CONLL_FILES, CONLL_HUB } from './conll/load.ts';
export { parseConll } from './conll/parse.ts';
export { iob1ToIob2, isIob2, spans } from './conll/iob.ts';
export { NER_LABELS, POS_LABELS, CHUNK_LABELS } from './conll/labels.ts';
export type { ConllEncodeOptions, EncodedTokens } from './conll/encode.ts';
export { conllEncode, predictionsToWords } from './conll/encode.ts';
export { demoConllSentences } from './conll/demo.ts';

// Math
export type { MathRecord, MathData } from './math/types.ts';
export type { LoadMathOptions } from './math/load.ts';
export { loadMath, readMathJson, parseOptions, MATH_EVAL_SETS, MATH_TRAIN_PATH, mathEvalPath } from './math/load.ts';
export { mathPrompt, mathTrainPrompt, mathEvalPrompt, responseOf } from './math/template.ts';
export type { MathEncodeOptions, EncodedMath } from './math/encode.ts';
export { mathEncodeTrain, mathEncodePrompt } from './math/encode.ts';
export { demoMath } from './math/demo.ts';

// CLI
export { runDataCli, DATA_USAGE } from './cli/run.ts';
