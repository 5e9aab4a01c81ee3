import { join } from 'node:path';
import { at } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { describeSource, type DataSource } from '../common/source.ts';
import { demoGlueSplit } from './demo.ts';
import { loadGlueFolder, type GlueFolderOptions } from './folder.ts';
import { GLUE_HUB_REPO, GLUE_HUB_REVISION, loadGlueHub } from './hub.ts';
import { GLUE_SPECS, glueTask } from './tasks.ts';
import type { GlueData, GlueExample, GlueSplits } from './types.ts';

export interface LoadGlueOptions extends GlueFolderOptions {
  source: DataSource;
  /** Skip and count rows that do not parse (reported in `skipped`) instead of failing on the first. */
  skipBadRows?: boolean;
  /** Hub only: which splits to fetch (default train + dev). */
  splits?: string[];
}

/** Demo split sizes: `size` is the train size; dev is 40% of it (at least 40). */
export const DEMO_DEFAULT_TRAIN = 1000;

/**
 * Load one GLUE task from a glue_data folder, the hub (nyu-mll/glue parquet) or the seeded demo suite.
 * Label ids follow HF's glue dataset (e.g. RTE entailment=0, not_entailment=1; MNLI entailment 0,
 * neutral 1, contradiction 2); STS-B's label is its float score.
 */
export async function loadGlue(taskName: string, opts: LoadGlueOptions): Promise<GlueData> {
  const task = glueTask(taskName);
  const spec = GLUE_SPECS[task];
  const bad = new BadRows(opts.skipBadRows ?? false);
  const source = opts.source;
  let raw: Record<string, GlueExample[]>;
  if (source.kind === 'folder') {
    raw = loadGlueFolder(spec, source.dir, bad, opts);
  } else if (source.kind === 'hub') {
    raw = await loadGlueHub(spec, { ...source, splits: opts.splits }, bad);
  } else {
    const seed = source.seed ?? 0;
    const train = source.size ?? DEMO_DEFAULT_TRAIN;
    const dev = Math.max(40, Math.round(train * 0.4));
    raw = { train: demoGlueSplit(task, seed, 'train', train) };
    for (const v of spec.validationSplits) raw[v] = demoGlueSplit(task, seed, v, dev);
  }
  const where = (split: string) => {
    if (source.kind !== 'folder') return describeSource(source, { repo: GLUE_HUB_REPO, revision: GLUE_HUB_REVISION });
    // the split's own file (a header-only train.tsv is named, not the task folder)
    const name = { ...spec.files, ...(opts.files ?? {}) }[split];
    return name === undefined ? join(source.dir, spec.dir) : name.startsWith('/') ? name : join(source.dir, spec.dir, name);
  };
  for (const [name, examples] of Object.entries(raw)) {
    if (examples.length === 0 && !name.startsWith('test')) throw at(where(name), name, `split '${name}' is empty (no data rows)`);
  }
  const splits = { ...raw, validation: raw.validation ?? raw[spec.validationSplits[0]] } as GlueSplits;
  return {
    task,
    splits,
    labelNames: spec.labelNames,
    numLabels: spec.isRegression ? 1 : spec.labelNames.length,
    isRegression: spec.isRegression,
    textFields: [...spec.textFields],
    skipped: bad.skipped,
    source: describeSource(source, { repo: GLUE_HUB_REPO, revision: GLUE_HUB_REVISION }),
    isDemo: source.kind === 'demo',
  };
}
