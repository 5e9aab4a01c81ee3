import { InputError } from '@peftbench/util';

export const GLUE_TASKS = ['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte', 'wnli'] as const;
export type GlueTask = (typeof GLUE_TASKS)[number];

/** How one GLUE task is laid out in the official TSV download and in the hub's nyu-mll/glue parquet. */
export interface GlueTaskSpec {
  task: GlueTask;
  /** Folder name in glue_data/. */
  dir: string;
  /** Label names in id order, exactly as HF's glue dataset (empty for the regression task STS-B). */
  labelNames: string[];
  isRegression: boolean;
  /** Column names of the text fields in the hub parquet (HF glue features). */
  textFields: [string] | [string, string];
  tsv: {
    text: string;
    pair?: string;
    label: string;
    /** Label values as written in the TSV, in id order (null for STS-B's float score). */
    labelValues: string[] | null;
    /** Column names of the official train layout, for files without a header line. */
    headerless: string[];
  };
  /** Official split files: split name -> file inside dir. Test files are unlabeled (label -1). */
  files: Record<string, string>;
  /** The dev split(s): 'validation', or MNLI's matched/mismatched pair. */
  validationSplits: string[];
}

const pairIdx = (a: string, b: string) => ['index', a, b, 'label'];

export const GLUE_SPECS: Record<GlueTask, GlueTaskSpec> = {
  cola: {
    task: 'cola', dir: 'CoLA', labelNames: ['unacceptable', 'acceptable'], isRegression: false, textFields: ['sentence'],
    tsv: { text: 'sentence', label: 'label', labelValues: ['0', '1'], headerless: ['source', 'label', 'original_mark', 'sentence'] },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  sst2: {
    task: 'sst2', dir: 'SST-2', labelNames: ['negative', 'positive'], isRegression: false, textFields: ['sentence'],
    tsv: { text: 'sentence', label: 'label', labelValues: ['0', '1'], headerless: ['sentence', 'label'] },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  mrpc: {
    task: 'mrpc', dir: 'MRPC', labelNames: ['not_equivalent', 'equivalent'], isRegression: false, textFields: ['sentence1', 'sentence2'],
    tsv: { text: '#1 String', pair: '#2 String', label: 'Quality', labelValues: ['0', '1'], headerless: ['Quality', '#1 ID', '#2 ID', '#1 String', '#2 String'] },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  stsb: {
    task: 'stsb', dir: 'STS-B', labelNames: [], isRegression: true, textFields: ['sentence1', 'sentence2'],
    tsv: {
      text: 'sentence1', pair: 'sentence2', label: 'score', labelValues: null,
      headerless: ['index', 'genre', 'filename', 'year', 'old_index', 'source1', 'source2', 'sentence1', 'sentence2', 'score'],
    },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  qqp: {
    task: 'qqp', dir: 'QQP', labelNames: ['not_duplicate', 'duplicate'], isRegression: false, textFields: ['question1', 'question2'],
    tsv: { text: 'question1', pair: 'question2', label: 'is_duplicate', labelValues: ['0', '1'], headerless: ['id', 'qid1', 'qid2', 'question1', 'question2', 'is_duplicate'] },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  mnli: {
    task: 'mnli', dir: 'MNLI', labelNames: ['entailment', 'neutral', 'contradiction'], isRegression: false, textFields: ['premise', 'hypothesis'],
    tsv: {
      text: 'sentence1', pair: 'sentence2', label: 'gold_label', labelValues: ['entailment', 'neutral', 'contradiction'],
      headerless: [
        'index', 'promptID', 'pairID', 'genre', 'sentence1_binary_parse', 'sentence2_binary_parse',
        'sentence1_parse', 'sentence2_parse', 'sentence1', 'sentence2', 'label1', 'gold_label',
      ],
    },
    files: {
      train: 'train.tsv', validation_matched: 'dev_matched.tsv', validation_mismatched: 'dev_mismatched.tsv',
      test_matched: 'test_matched.tsv', test_mismatched: 'test_mismatched.tsv',
    },
    validationSplits: ['validation_matched', 'validation_mismatched'],
  },
  qnli: {
    task: 'qnli', dir: 'QNLI', labelNames: ['entailment', 'not_entailment'], isRegression: false, textFields: ['question', 'sentence'],
    tsv: { text: 'question', pair: 'sentence', label: 'label', labelValues: ['entailment', 'not_entailment'], headerless: pairIdx('question', 'sentence') },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  rte: {
    task: 'rte', dir: 'RTE', labelNames: ['entailment', 'not_entailment'], isRegression: false, textFields: ['sentence1', 'sentence2'],
    tsv: { text: 'sentence1', pair: 'sentence2', label: 'label', labelValues: ['entailment', 'not_entailment'], headerless: pairIdx('sentence1', 'sentence2') },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
  wnli: {
    task: 'wnli', dir: 'WNLI', labelNames: ['not_entailment', 'entailment'], isRegression: false, textFields: ['sentence1', 'sentence2'],
    tsv: { text: 'sentence1', pair: 'sentence2', label: 'label', labelValues: ['0', '1'], headerless: pairIdx('sentence1', 'sentence2') },
    files: { train: 'train.tsv', validation: 'dev.tsv', test: 'test.tsv' }, validationSplits: ['validation'],
  },
};

/** Accepts the HF config name or the GLUE folder name, any case ('SST-2', 'sst2', 'STS-B'). */
export function glueTask(name: string): GlueTask {
  const key = name.toLowerCase().replace(/-/g, '');
  if ((GLUE_TASKS as readonly string[]).includes(key)) return key as GlueTask;
  throw new InputError(`unknown GLUE task '${name}' (known: ${GLUE_TASKS.join(', ')})`);
}
