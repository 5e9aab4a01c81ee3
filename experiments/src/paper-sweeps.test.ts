/**
 * The paper sweeps (experiments/sweeps/*-paper*.yaml and one file per seed table) against the papers' printed
 * hyperparameters, from @peftbench/papers (the repo's copy of the tables: no ../shared needed):
 *  - every sweep file loads (method configs through each method's schema) and expands;
 *  - every printed hyperparameter of the block a sweep entry follows equals the runs' value, task by task
 *    (grids: the set of values); settings the sweep format cannot express are listed as known gaps, and the
 *    test fails when the format gains them, so that the sweep is updated;
 *  - every paper row of the layouts a sweep names is filled by one of its runs (or listed here with the reason);
 *  - every reproducible seed table has a sweep.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMethod } from '@peftbench/core';
import { hyperValue, paperHyperparameters, paperTable, type HyperparameterBlock } from '@peftbench/papers';
import { layoutPaper, layouts } from '@peftbench/reports';
import { loadSweepFile, type Sweep } from './sweep-load.ts';
import { expandSweep } from './sweep-expand.ts';
import { e2eExtraSchema } from './families.ts';
import { METHODS } from './methods.ts';
import { profileSweep } from './cli.ts';
import { applyOverrides, parseCliArgs } from './cli-args.ts';
import type { RunSpec } from './run-types.ts';

const sweepsDir = join(profileSweep('glue', 'quick'), '..');
const cache = new Map<string, { sweep: Sweep; runs: RunSpec[] }>();
function load(file: string): { sweep: Sweep; runs: RunSpec[] } {
  if (!cache.has(file)) {
    const sweep = loadSweepFile(join(sweepsDir, file));
    cache.set(file, { sweep, runs: expandSweep(sweep) });
  }
  return cache.get(file)!;
}

describe('default sweeps', () => {
  test('glue-quick: demo data (eight tasks), shipped tiny encoder, FT/BitFit/LoRA/RED, 2 seeds, 150 steps (BitFit and RED 300)', () => {
    const s = loadSweepFile(profileSweep('glue', 'quick'));
    expect(s.name).toBe('glue-quick');
    expect([s.model, s.data.kind, s.protocol]).toEqual(['pretrain:tiny-roberta', 'demo', 'dev']);
    expect(s.methods.map((m) => m.name)).toEqual(['full-ft', 'bitfit', 'lora', 'red']);
    const runs = expandSweep(s);
    expect(runs.length).toBe(s.tasks.length * 4 * 2);
    expect(s.tasks).toEqual(['cola', 'sst2', 'mrpc', 'stsb', 'qqp', 'mnli', 'qnli', 'rte']);
    for (const r of runs) expect([r.method, r.hyper.maxSteps]).toEqual([r.method, r.method === 'bitfit' || r.method === 'red' ? 300 : 150]);
  });

  test('--profile paper is glue-paper.yaml (RED Table 9, RoBERTa-base)', () => {
    expect(profileSweep('glue', 'paper')).toBe(join(sweepsDir, 'glue-paper.yaml'));
    expect(load('glue-paper.yaml').sweep.model).toBe('hf:FacebookAI/roberta-base');
  });
});

describe('one method, several configs (ablation rows)', () => {
  const sweepText = (second: string) =>
    ['family: glue', 'model: pretrain:tiny-roberta', 'data: demo', 'protocol: dev', 'tasks: [rte]', 'seeds: [1]',
      'hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 64, warmupRatio: 0.0, weightDecay: 0.0}',
      'methods:', '  - name: red', '    config: {variant: bias}', '  - name: red', `    config: ${second}`, 'report: {tables: [red-table6]}'].join('\n');
  const write = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'paper-sweeps-')), 's.yaml');
    writeFileSync(file, text);
    return file;
  };

  test('the same method with two configs: two entries, runs of both; --methods keeps both', () => {
    const sweep = loadSweepFile(write(sweepText('{variant: scaling}')));
    expect(expandSweep(sweep).map((r) => r.methodConfig.variant)).toEqual(['bias', 'scaling']);
    const picked = applyOverrides(sweep, parseCliArgs(['--methods', 'red']));
    expect(picked.methods.map((m) => m.config.variant)).toEqual(['bias', 'scaling']);
  });

  test('the same method with the same config twice is refused, with its line', () => {
    expect(() => loadSweepFile(write(sweepText('{variant: bias}')))).toThrow(/s\.yaml:11 \[methods\[1\]\.name\]: method 'red' listed twice with the same config/);
  });
});

/** Paper sweep files: every YAML in sweeps/ that is not a quick profile. */
const paperSweepFiles = readdirSync(sweepsDir)
  .filter((f) => f.endsWith('.yaml') && !f.endsWith('-quick.yaml') && !f.includes('-quick-calibration'))
  .sort();

/** Every layout that can be measured here (reports' catalogue minus the LLM-judge / leaderboard tables). */
const reproducible = Object.values(layouts)
  .filter((l) => !l.needs)
  .map((l) => l.id)
  .sort();

describe('every paper sweep loads, validates its method configs and expands', () => {
  test('the files', () => {
    expect(paperSweepFiles.length).toBeGreaterThanOrEqual(16);
  });
  for (const file of paperSweepFiles) {
    test(file, () => {
      const { sweep, runs } = load(file);
      expect(runs.length).toBeGreaterThan(0);
      expect(sweep.model, 'the paper checkpoint on the hub').toMatch(/^hf:[\w.-]+\/[\w.-]+$/);
      expect(sweep.report.tables.length).toBeGreaterThan(0);
      for (const t of sweep.report.tables) {
        expect(layouts[t], `${file}: report table ${t}`).toBeDefined();
        expect(layouts[t].family, `${file}: ${t} is a ${layouts[t].family} table`).toBe(sweep.family);
      }
      if (sweep.report.paperModel) {
        for (const t of sweep.report.tables) expect(layoutPaper(layouts[t]).rows.map((r) => r.model)).toContain(sweep.report.paperModel);
      }
      // a method config the sweep gives is what the run gets (nothing dropped on the way)
      for (const m of sweep.methods) {
        expect(runs.some((r) => r.method === m.name && JSON.stringify(r.methodConfig) === JSON.stringify(m.config)), `${file}: ${m.name} ${JSON.stringify(m.config)}`).toBe(true);
      }
    });
  }

  test('every reproducible seed table has a sweep', () => {
    const named = new Set(paperSweepFiles.flatMap((f) => load(f).sweep.report.tables));
    expect(reproducible.filter((t) => !named.has(t))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Rows: each paper row of a sweep's tables is filled by some run (the reports' rule: the method whose
// paperNames hold the row's paper name, with the row's config subset after the method's defaults).

const methodForPaperName = (name: string) => METHODS.find((m) => (m.paperNames ?? [m.label ?? m.name]).includes(name));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Rows no run of the sweep fills, with the reason (on purpose, or a mismatch elsewhere that is reported). */
const ROWS_NOT_RUN: Record<string, Record<string, string>> = {
  'id3-t3-adapter.yaml': {
    'SparseAdapter+Pfeiffer':
      "reports' id3-table3 layout asks the SparseAdapter row for config targets: 'adapter', an option sparse-adapter does not have (its runs land in a measured-only row); fix the layout, then drop this entry",
  },
  'red-t3-t5.yaml': {
    FT: 'copied from Asai et al. 2022; RED prints no setting',
    Adapter: 'copied from Asai et al. 2022; RED prints no setting',
    AdapterDrop: 'copied from Asai et al. 2022; RED prints no setting',
    BitFit: 'copied from Asai et al. 2022; T5 has no bias terms (BitFit refuses it)',
    PT: 'copied from Asai et al. 2022; prompt-tuning refuses T5 by model_type',
  },
};

/**
 * Figure sweeps name a table only so that the report draws their figures in its section (reports/src/site.ts
 * draws the ID3 figures in id3-* sections): the paper rows they fill, by paper name.
 */
const FIGURE_SWEEPS: Record<string, string[]> = {
  'id3-fig5.yaml': ['ID3'], // ID3 at 320K (Table 1's row); repeat-D3 has no Table 1 row and gets a measured-only row
};

describe('every paper row of a sweep\'s tables has runs', () => {
  for (const file of paperSweepFiles) {
    test(file, () => {
      const { sweep, runs } = load(file);
      const resolved = runs.map((r) => ({ r, config: getMethod(r.method).configSchema.parse(r.methodConfig) as Record<string, unknown> }));
      const empty: string[] = [];
      const filledRows: string[] = [];
      for (const id of sweep.report.tables) {
        const layout = layouts[id];
        const model = sweep.report.paperModel ?? layout.defaultPaperModel;
        const rows = layout.rows!(layoutPaper(layout), model);
        expect(rows.length, `${id} rows`).toBeGreaterThan(0);
        for (const row of rows) {
          const paperName = row.runs?.paperName ?? row.paper!.method;
          const method = methodForPaperName(paperName);
          expect(method, `${id}: a method package answers to '${paperName}'`).toBeDefined();
          const filled = resolved.some(({ r, config }) => r.method === method!.name && Object.entries(row.runs?.config ?? {}).every(([k, v]) => sameJson(config[k], v)));
          if (!filled) empty.push(row.paper!.method);
          else filledRows.push(row.paper!.method);
        }
      }
      if (FIGURE_SWEEPS[file]) expect([...new Set(filledRows)].sort()).toEqual(FIGURE_SWEEPS[file]);
      else expect(empty.sort()).toEqual(Object.keys(ROWS_NOT_RUN[file] ?? {}).sort());
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Hyperparameters, number for number.

const GLUE_COLUMN: Record<string, string> = { MNLI: 'mnli', 'SST-2': 'sst2', MRPC: 'mrpc', CoLA: 'cola', QNLI: 'qnli', QQP: 'qqp', RTE: 'rte', 'STS-B': 'stsb', CoNLL2003: 'conll2003', Math10K: 'math10k' };
const E2E_TRAIN = 42_061; // E2E NLG training set (Novikova et al. 2017)

/** Printed settings → where a run holds them. */
const RUN_VALUE: Record<string, (r: RunSpec) => unknown> = {
  learning_rate: (r) => r.hyper.learningRate,
  batch_size: (r) => r.hyper.batchSize,
  epochs: (r) => r.hyper.epochs,
  warmup_ratio: (r) => r.hyper.warmupRatio,
  weight_decay: (r) => r.hyper.weightDecay,
  eval_steps: (r) => r.hyper.evalEvery,
  max_seq_length: (r) => r.hyper.maxLength,
  inference_beam_size: (r) => r.hyper.numBeams,
  inference_length_penalty: (r) => r.hyper.lengthPenalty,
  inference_no_repeat_ngram_size: (r) => r.hyper.noRepeatNgramSize,
  num_beams: (r) => r.hyper.numBeams,
  length_penalty: (r) => r.hyper.lengthPenalty,
  no_repeat_ngram_size: (r) => r.hyper.noRepeatNgramSize,
  adapter_rank: (r) => r.methodConfig.bottleneck,
  lora_alpha: (r) => r.methodConfig.lora_alpha,
  lora_rank: (r) => r.methodConfig.r,
  prefix_length: (r) => r.methodConfig.numVirtualTokens,
  it_tuning_rank_r: (r) => r.methodConfig.rank,
  it_tuning_alpha: (r) => r.methodConfig.alpha,
  exp: (r) => r.methodConfig.exp,
  epsilon: (r) => r.methodConfig.eps,
  num_samples: (r) => r.methodConfig.numSamples,
  sample_type: (r) => r.methodConfig.sampleType,
  grad_type: (r) => r.methodConfig.gradType,
};
/** Printed settings with a rule of their own (below), or that say nothing a run holds (names, prose). */
const SPECIAL = new Set(['max_seq_len', 'lr_schedule', 'warmup_steps', 'label_smoothing', 'seed']);
const NOT_A_SETTING = new Set(['optimizer', 'lora_config', 'lora_adaption', 'unmasking_scheduler', 'importance', 'lora_r', 'lora_modules', 'benchmark', 'metric']);

interface Check {
  /** Which runs: method name and a config subset (a key set to undefined: absent). */
  method: string;
  config?: Record<string, unknown>;
  /** The block they follow. */
  paper: 'red' | 'it-tuning' | 'id3';
  tableId: string;
  paperMethod: string;
  paperModel?: string;
  /** Columns of the block to check (default: all); for single-column blocks, the sweep's task. */
  columns?: string[];
  /** Settings whose printed value this entry overrides on purpose (checked separately below). */
  except?: string[];
  /** Settings not printed in the block: the value the sweep's comment says was chosen. */
  chosen?: Record<string, (r: RunSpec) => unknown>;
}

/** ID3 Table 7a is indexed by setting type, not by task: the column for a family. */
const ID3_7A_COLUMN: Record<string, string> = { glue: 'NLU (all GLUE tasks)', conll: 'NER (CoNLL2003)', math: 'Generative (all math tasks)' };

function checkBlock(file: string, c: Check): number {
  const { sweep, runs } = load(file);
  const blocks = paperHyperparameters(c.paper, { tableId: c.tableId, method: c.paperMethod }).filter((b) => !c.paperModel || b.model === c.paperModel);
  expect(blocks.length, `${file}: ${c.paper} ${c.tableId} ${c.paperMethod} ${c.paperModel ?? ''}`).toBe(1);
  const block = blocks[0];
  const mine = runs.filter((r) => r.method === c.method && Object.entries(c.config ?? {}).every(([k, v]) => sameJson(r.methodConfig[k], v)));
  expect(mine.length, `${file}: runs of ${c.method} ${JSON.stringify(c.config ?? {})}`).toBeGreaterThan(0);
  let checked = 0;
  const columns = c.columns ?? (block.columns && block.columns.length > 1 ? block.columns : [undefined]);
  for (const col of columns) {
    const task = col === undefined ? sweep.tasks[0] : GLUE_COLUMN[col];
    const here = mine.filter((r) => r.task === task);
    expect(here.length, `${file}: ${c.method} on ${task}`).toBeGreaterThan(0);
    const where = `${file}: ${c.paperMethod} ${col ?? task}`;
    for (const [key] of Object.entries(block.settings)) {
      if (c.except?.includes(key) || NOT_A_SETTING.has(key)) continue;
      const printed = hyperValue(block, key, col);
      if (printed === null || printed === undefined) continue;
      if (SPECIAL.has(key)) {
        checked += checkSpecial(where, key, printed, here, block);
        continue;
      }
      const get = RUN_VALUE[key];
      expect(get, `${where}: no rule for the printed setting '${key}' (add one)`).toBeDefined();
      if (Array.isArray(printed)) {
        // a printed list is a grid: the runs hold exactly those values
        expect([...new Set(here.map(get!))].sort(), `${where} ${key}`).toEqual([...printed].sort());
      } else {
        for (const r of here) expect(get!(r), `${where} ${key}`).toBe(printed);
      }
      checked++;
    }
    for (const [key, get] of Object.entries(c.chosen ?? {})) {
      expect(hyperValue(block, key, col), `${where}: '${key}' is printed after all: check it instead`).toBeUndefined();
      for (const r of here) expect(get(r), `${where}: chosen ${key}`).toBeDefined();
    }
  }
  return checked;
}

function checkSpecial(where: string, key: string, printed: unknown, runs: RunSpec[], block: HyperparameterBlock): number {
  for (const r of runs) {
    if (key === 'seed') {
      expect([...(Array.isArray(printed) ? printed : [printed])].sort(), `${where} seeds`).toEqual([...new Set(runs.map((x) => x.seed))].sort());
    } else if (key === 'max_seq_len') {
      if (typeof printed === 'number') expect(r.hyper.maxLength, `${where} max_seq_len`).toBe(printed);
      else {
        // IT-Tuning "128 + r": NLU = 128 tokens + the r information tokens; E2E = MR (maxSource) + reference (maxLength) = 128, + r
        expect(printed).toBe('128 + r');
        const rank = Number(r.methodConfig.rank);
        if (r.family === 'e2e') expect(Number(r.hyper.maxSource) + r.hyper.maxLength, `${where} 128 + r`).toBe(128);
        else expect(r.hyper.maxLength, `${where} 128 + r`).toBe(128 + rank);
      }
    } else if (key === 'lr_schedule') {
      // 'cosine with restarts' (IT-Tuning GPT-2) has no counterpart: plain cosine, a known gap
      if (printed === 'cosine with restarts') {
        expect(r.hyper.lrSchedule, `${where}: cosine with restarts → cosine`).toBe('cosine');
      } else expect(r.hyper.lrSchedule ?? 'linear', `${where} lr_schedule`).toBe(printed);
    } else if (key === 'warmup_steps') {
      // a step count as a ratio of this run's steps (E2E training set, the run's batch size and epochs)
      const steps = Math.ceil(E2E_TRAIN / r.hyper.batchSize) * r.hyper.epochs;
      expect(Math.abs(r.hyper.warmupRatio * steps - Number(printed)), `${where} warmup ${String(printed)} steps = ratio ${r.hyper.warmupRatio}`).toBeLessThanOrEqual(2);
    } else if (key === 'label_smoothing') {
      if (printed !== 0) {
        // no label smoothing in the e2e family: a known gap; when it is added, put it in the sweeps
        expect(Object.keys(e2eExtraSchema.shape), `${where}: the e2e family reads labelSmoothing now: set it in the sweep`).not.toContain('labelSmoothing');
      }
    }
  }
  void block;
  return 1;
}

const noWeightDecay = { weight_decay: (r: RunSpec) => (r.hyper.weightDecay === 0 ? 0 : undefined) };

/** Which block each sweep entry follows. */
const CHECKS: Record<string, Check[]> = {
  'glue-paper.yaml': [
    { method: 'full-ft', paper: 'red', tableId: 'table9', paperMethod: 'FT' },
    { method: 'houlsby', paper: 'red', tableId: 'table9', paperMethod: 'Adapter', chosen: noWeightDecay },
    { method: 'pfeiffer', paper: 'red', tableId: 'table9', paperMethod: 'Adapter_FFN', chosen: noWeightDecay },
    { method: 'lora', paper: 'red', tableId: 'table9', paperMethod: 'LoRA', chosen: noWeightDecay },
    { method: 'bitfit', paper: 'red', tableId: 'table9', paperMethod: 'BitFit', chosen: noWeightDecay },
    { method: 'red', paper: 'red', tableId: 'table9', paperMethod: 'RED', chosen: noWeightDecay },
  ],
  'glue-paper-large.yaml': [
    { method: 'full-ft', paper: 'red', tableId: 'table10', paperMethod: 'FT' },
    { method: 'houlsby', paper: 'red', tableId: 'table10', paperMethod: 'Adapter', chosen: noWeightDecay },
    { method: 'pfeiffer', paper: 'red', tableId: 'table10', paperMethod: 'Adapter_FFN', chosen: noWeightDecay },
    { method: 'lora', paper: 'red', tableId: 'table10', paperMethod: 'LoRA', chosen: noWeightDecay },
    { method: 'red', paper: 'red', tableId: 'table10', paperMethod: 'RED' },
  ],
  'red-t2-e2e-medium.yaml': [
    { method: 'full-ft', config: { topLayers: undefined }, paper: 'red', tableId: 'table11', paperMethod: 'FT' },
    { method: 'full-ft', config: { topLayers: 2 }, paper: 'red', tableId: 'table11', paperMethod: 'FT_top2' },
    { method: 'houlsby', paper: 'red', tableId: 'table11', paperMethod: 'Adapter' },
    { method: 'pfeiffer', paper: 'red', tableId: 'table11', paperMethod: 'Adapter_FFN' },
    { method: 'lora', paper: 'red', tableId: 'table11', paperMethod: 'LoRA' },
    { method: 'prefix-tuning', paper: 'red', tableId: 'table11', paperMethod: 'Prefix Tuning' },
    { method: 'red', paper: 'red', tableId: 'table11', paperMethod: 'RED', paperModel: 'GPT-2 medium' },
  ],
  'red-t2-e2e-large.yaml': [
    { method: 'full-ft', paper: 'red', tableId: 'table11', paperMethod: 'FT' },
    { method: 'houlsby', paper: 'red', tableId: 'table11', paperMethod: 'Adapter' },
    { method: 'pfeiffer', paper: 'red', tableId: 'table11', paperMethod: 'Adapter_FFN' },
    { method: 'lora', paper: 'red', tableId: 'table11', paperMethod: 'LoRA' },
    { method: 'prefix-tuning', paper: 'red', tableId: 'table11', paperMethod: 'Prefix Tuning' },
    { method: 'red', paper: 'red', tableId: 'table11', paperMethod: 'RED', paperModel: 'GPT-2 large' },
  ],
  // Table 5: Table 11's settings with rank 1 (the rank itself is checked against Table 5 below)
  'red-t5-rank1.yaml': [
    { method: 'houlsby', paper: 'red', tableId: 'table11', paperMethod: 'Adapter', except: ['adapter_rank'] },
    { method: 'pfeiffer', paper: 'red', tableId: 'table11', paperMethod: 'Adapter_FFN', except: ['adapter_rank'] },
    { method: 'lora', paper: 'red', tableId: 'table11', paperMethod: 'LoRA', except: ['lora_rank'] },
    { method: 'red', paper: 'red', tableId: 'table11', paperMethod: 'RED', paperModel: 'GPT-2 medium' },
  ],
  'red-t3-t5.yaml': [{ method: 'red', paper: 'red', tableId: 'table12', paperMethod: 'RED', chosen: noWeightDecay }],
  // ablations: no backbone or setting printed; RED's RoBERTa-large row (see the files' comments)
  'red-t6-ablation.yaml': [{ method: 'red', paper: 'red', tableId: 'table10', paperMethod: 'RED', columns: ['MRPC', 'CoLA', 'QQP'] }],
  'red-t7-positions.yaml': [{ method: 'red', paper: 'red', tableId: 'table10', paperMethod: 'RED', columns: ['MRPC', 'CoLA', 'QQP'] }],
  'it-tuning-t1-glue-large.yaml': [
    { method: 'it-tuning', paper: 'it-tuning', tableId: 'table4', paperMethod: 'IT-Tuning', paperModel: 'RoBERTa-large', chosen: noWeightDecay },
    // copied rows: the nearest printed RoBERTa-large settings (RED Table 10), PASTA with IT-Tuning's
    { method: 'full-ft', paper: 'red', tableId: 'table10', paperMethod: 'FT' },
    { method: 'houlsby', paper: 'red', tableId: 'table10', paperMethod: 'Adapter', except: ['adapter_rank'] },
    { method: 'pfeiffer', paper: 'red', tableId: 'table10', paperMethod: 'Adapter_FFN', except: ['adapter_rank'] },
    { method: 'lora', paper: 'red', tableId: 'table10', paperMethod: 'LoRA' },
    { method: 'pasta', paper: 'it-tuning', tableId: 'table4', paperMethod: 'IT-Tuning', paperModel: 'RoBERTa-large', except: ['it_tuning_rank_r', 'it_tuning_alpha', 'max_seq_len'] },
  ],
  'it-tuning-t2-e2e.yaml': [
    { method: 'it-tuning', paper: 'it-tuning', tableId: 'table4', paperMethod: 'IT-Tuning', paperModel: 'GPT-2 large' },
    { method: 'full-ft', paper: 'red', tableId: 'table11', paperMethod: 'FT' },
    { method: 'lin', paper: 'red', tableId: 'table11', paperMethod: 'Adapter', except: ['adapter_rank'] },
    { method: 'lora', paper: 'red', tableId: 'table11', paperMethod: 'LoRA', except: ['lora_rank'] },
    { method: 'prefix-tuning', paper: 'red', tableId: 'table11', paperMethod: 'Prefix Tuning', except: ['prefix_length'] },
  ],
  'it-tuning-t3-rank.yaml': [{ method: 'it-tuning', paper: 'it-tuning', tableId: 'table4', paperMethod: 'IT-Tuning', paperModel: 'GPT-2 large', except: ['it_tuning_rank_r'] }],
};

/** ID3: Table 7a (common, by family) and 7b (per task) for every entry of the ID3 sweeps. */
function checkId3(file: string, methods: { method: string; config?: Record<string, unknown>; block: 'ID3' | 'Fish' | 'LoRA' | null }[]): number {
  const { sweep, runs } = load(file);
  const col = ID3_7A_COLUMN[sweep.family];
  const [common] = paperHyperparameters('id3', { tableId: 'table7a', method: 'All methods' });
  const [perTask] = paperHyperparameters('id3', { tableId: 'table7b' });
  const [prose] = paperHyperparameters('id3').filter((h) => h.table_id === null);
  let checked = 0;
  expect([...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b), `${file} seeds`).toEqual([hyperValue(common, 'seed', col)].flat());
  if (sweep.family !== 'math') expect(sweep.aggregation, `${file}: best 3 of 4`).toEqual({ rule: 'best-k-of-n', k: 3 });
  for (const m of methods) {
    const mine = runs.filter((r) => r.method === m.method && Object.entries(m.config ?? {}).every(([k, v]) => sameJson(r.methodConfig[k], v)));
    expect(mine.length, `${file}: ${m.method} ${JSON.stringify(m.config ?? {})}`).toBeGreaterThan(0);
    for (const task of sweep.tasks) {
      const here = mine.filter((r) => r.task === task);
      const where = `${file}: ${m.method} ${task}`;
      // learning rates: the printed grid (full fine-tuning: footnote 3's), or the single generative value
      const lr = m.method === 'full-ft' ? prose.settings.full_ft_learning_rates : hyperValue(common, 'learning_rate', col);
      expect([...new Set(here.map((r) => r.hyper.learningRate))].sort(), `${where} learning rates`).toEqual([lr].flat().sort());
      for (const r of here) expect(r.hyper.batchSize, `${where} batch`).toBe(hyperValue(common, 'batch_size', col));
      const taskKey = Object.keys(GLUE_COLUMN).find((k) => GLUE_COLUMN[k] === task)!;
      const t = perTask.settings[taskKey] as { epochs: number | null; eval_steps: number | null; max_seq_length: number };
      for (const r of here) {
        expect(r.hyper.epochs, `${where} epochs`).toBe(t.epochs);
        expect(r.hyper.maxLength, `${where} max length`).toBe(t.max_seq_length);
        if (t.eval_steps !== null && sweep.family !== 'math') expect(r.hyper.evalEvery, `${where} eval steps`).toBe(t.eval_steps);
      }
      checked += 5;
      if (m.block) {
        const [b] = paperHyperparameters('id3', { tableId: 'table7a', method: m.block });
        for (const r of here) {
          if (m.block === 'ID3') expect([r.methodConfig.exp, r.methodConfig.eps], `${where} exp, eps`).toEqual([hyperValue(b, 'exp', col), hyperValue(b, 'epsilon', col)]);
          if (m.block === 'Fish') {
            expect([r.methodConfig.numSamples, r.methodConfig.sampleType, r.methodConfig.gradType], `${where} Fish`).toEqual(['num_samples', 'sample_type', 'grad_type'].map((k) => hyperValue(b, k, col)));
          }
          if (m.block === 'LoRA') {
            const lora = (r.methodConfig.targets === 'lora' ? r.methodConfig.lora : r.methodConfig) as Record<string, unknown>;
            expect(lora.lora_alpha, `${where} lora_alpha`).toBe(hyperValue(b, 'lora_alpha', col));
            // Table 7a's generative list is printed with DeBERTa names (query_proj, ...): LLaMA's q/k/v_proj are meant
            const modules = (hyperValue(b, 'lora_modules', col) as string[]).map((x) => (sweep.family === 'math' ? x.replace(/^(query|key|value)_proj$/, (_, q: string) => `${q[0]}_proj`) : x));
            expect(lora.target_modules, `${where} lora modules`).toEqual(modules);
            // NLU: r as printed; generative: Table 5's ranks (Table 7a's 8 conflicts with Table 5, see id3.ts)
            if (sweep.family !== 'math') expect(lora.r, `${where} lora r`).toBe(hyperValue(b, 'lora_r', col));
          }
        }
        checked++;
      }
    }
  }
  return checked;
}

describe('paper sweeps match the papers\' printed hyperparameters (@peftbench/papers)', () => {
  for (const [file, checks] of Object.entries(CHECKS)) {
    test(file, () => {
      let n = 0;
      for (const c of checks) n += checkBlock(file, c);
      expect(n).toBeGreaterThan(checks.length * 3);
    });
  }

  test('red-t5-rank1.yaml: rank 1 as Table 5 prints it', () => {
    const { runs } = load('red-t5-rank1.yaml');
    const t5 = paperTable('red', 'table5');
    for (const row of t5.rows.filter((r) => r.rank === 1)) {
      const method = row.method === 'LoRA' ? 'lora' : row.method === 'Adapter' ? 'houlsby' : 'pfeiffer';
      const key = method === 'lora' ? 'r' : 'bottleneck';
      expect(runs.filter((r) => r.method === method).map((r) => r.methodConfig[key]), row.method).toEqual([1, 1, 1]);
    }
  });

  test('ablations: RED Table 6 variants and Table 7 positions, one entry each', () => {
    const variants = load('red-t6-ablation.yaml').sweep.methods.map((m) => String(m.config.variant));
    expect(variants.sort()).toEqual(['bias', 'scaling', 'scaling+bias']);
    const positions = load('red-t7-positions.yaml').sweep.methods.map((m) => String(m.config.positions));
    expect(positions.sort()).toEqual(['attn', 'ffn', 'ffn+attn']);
    expect(paperTable('red', 'table6').rows.length).toBe(3);
    expect(paperTable('red', 'table7').rows.length).toBe(3);
  });

  test('IT-Tuning Table 3: rank 1/2/4/8 (query) and 4 with key, as the table\'s rows', () => {
    const configs = load('it-tuning-t3-rank.yaml').sweep.methods.map((m) => [m.config.rank, m.config.attentionVector]);
    const rows = paperTable('it-tuning', 'table3').rows.map((r) => [r.rank, r.updated_attention_vector]);
    expect(configs.map((c) => JSON.stringify(c)).sort()).toEqual(rows.map((r) => JSON.stringify(r)).sort());
  });

  const budgets = (table: string) => [...new Set(paperTable('id3', table).rows.filter((r) => r.method !== 'Full-FT' && r.method !== 'BitFit').map((r) => r.budget!))];
  const count = (b: string) => Math.round(Number(b.slice(0, -1)) * (b.endsWith('K') ? 1e3 : 1e6));
  const selective = (bs: string[]) => bs.flatMap((b) => [
    { method: 'random-mask', config: { budget: count(b) }, block: null },
    { method: 'fish', config: { budget: count(b) }, block: 'Fish' as const },
    { method: 'pafi', config: { budget: count(b) }, block: null },
    { method: 'id3', config: { budget: count(b) }, block: 'ID3' as const },
  ]);

  test('id3-fig5.yaml: Table 7a/7b for ID3 and repeat-D3 (D3 settings) at 320K; checkpoints up to the budget', () => {
    const n = checkId3('id3-fig5.yaml', [{ method: 'id3', config: { budget: 320_000 }, block: 'ID3' }, { method: 'repeat-d3', config: { budget: 320_000 }, block: 'ID3' }]);
    expect(n).toBeGreaterThan(3 * 2 * 5);
    const { sweep, runs } = load('id3-fig5.yaml');
    expect(sweep.tasks).toEqual(['cola', 'mrpc', 'rte']);
    const ck = runs.filter((r) => r.method === 'id3').map((r) => r.methodConfig.checkpointBudgets as number[]);
    for (const c of ck) expect(c.at(-1)).toBe(320_000);
    expect(runs.filter((r) => r.method === 'repeat-d3').every((r) => r.methodConfig.checkpointBudgets === undefined)).toBe(true);
  });

  test('id3-t1-deberta.yaml: Table 7a/7b, both budgets of Table 1', () => {
    expect(budgets('table1')).toEqual(['103K', '320K']);
    const n = checkId3('id3-t1-deberta.yaml', [{ method: 'full-ft', block: null }, { method: 'bitfit', config: { variant: 'bias' }, block: null }, ...selective(budgets('table1'))]);
    expect(n).toBeGreaterThan(8 * 10 * 5);
  });

  test('id3-t2-lora.yaml: Table 7a NLU LoRA, budget 320K', () => {
    expect(budgets('table2')).toEqual(['1.33M', '320K']);
    const n = checkId3('id3-t2-lora.yaml', [
      { method: 'lora', block: 'LoRA' },
      { method: 'pafi', config: { budget: 320000, targets: 'lora' }, block: 'LoRA' },
      { method: 'id3', config: { budget: 320000, targets: 'lora' }, block: 'ID3' },
    ]);
    expect(n).toBeGreaterThan(0);
    const lora = paperTable('id3', 'table2').rows.find((r) => r.method === 'LoRA (r=8)')!;
    expect(lora.budget).toBe('1.33M');
  });

  test('id3-t3-adapter.yaml: Table 7a NLU on RoBERTa-base, the four tasks of Table 3', () => {
    const { sweep } = load('id3-t3-adapter.yaml');
    expect([...sweep.tasks].sort()).toEqual(paperTable('id3', 'table3').columns!.filter((c) => c !== 'Average').map((c) => GLUE_COLUMN[c]).sort());
    checkId3('id3-t3-adapter.yaml', [{ method: 'pfeiffer', block: null }, { method: 'sparse-adapter', block: null }, { method: 'id3', config: { targets: 'adapter' }, block: 'ID3' }]);
  });

  test('id3-t4-conll.yaml: Table 7a NER, Table 7b CoNLL2003, both budgets of Table 4', () => {
    expect(budgets('table4')).toEqual(['103K', '320K']);
    checkId3('id3-t4-conll.yaml', [{ method: 'full-ft', block: null }, { method: 'bitfit', config: { variant: 'bias' }, block: null }, ...selective(budgets('table4'))]);
  });

  test('id3-t5-math.yaml: Table 7a generative, Table 5\'s ranks and budgets', () => {
    const rows = paperTable('id3', 'table5').rows;
    const entries = rows.map((r) => {
      const rank = Number(/r=(\d+)/.exec(r.method)![1]);
      const base = r.method.split('+')[0].replace(/ \(r=\d+\)$/, '');
      return base === 'LoRA' ? { method: 'lora', config: { r: rank }, block: 'LoRA' as const } : { method: base === 'PaFi' ? 'pafi' : 'id3', config: { budget: count(r.budget!), targets: 'lora' }, block: 'LoRA' as const };
    });
    checkId3('id3-t5-math.yaml', entries);
    const { runs } = load('id3-t5-math.yaml');
    expect(runs.length).toBe(rows.length);
    const [id3] = paperHyperparameters('id3', { tableId: 'table7a', method: 'ID3' });
    for (const r of runs.filter((x) => x.method === 'id3')) {
      expect([r.methodConfig.exp, r.methodConfig.eps]).toEqual([hyperValue(id3, 'exp', ID3_7A_COLUMN.math), hyperValue(id3, 'epsilon', ID3_7A_COLUMN.math)]);
      expect((r.methodConfig.lora as { r: number }).r).toBe(32);
    }
  });
});
