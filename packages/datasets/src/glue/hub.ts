import { at } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { hubParquetRows } from '../common/hub.ts';
import { GLUE_SPECS, glueTask, type GlueTaskSpec } from './tasks.ts';
import type { GlueExample } from './types.ts';

export const GLUE_HUB_REPO = 'nyu-mll/glue';
export const GLUE_HUB_REVISION = 'main';

/**
 * Parquet files of nyu-mll/glue: `<config>/<split>-00000-of-00001.parquet`, config = our task key
 * (cola, sst2, ..., mnli), splits train / validation / test; MNLI has validation_matched,
 * validation_mismatched, test_matched, test_mismatched. Columns: the task's text fields, `label`
 * (int class id, float for stsb, -1 on test) and `idx`.
 */
export function glueHubPath(task: string, split: string): string {
  return `${task}/${split}-00000-of-00001.parquet`;
}

/**
 * The parquet files a run of these GLUE tasks reads from nyu-mll/glue (train + dev splits), for
 * `@peftbench/hub`'s `prefetch` / `peftbench download --sweep`:
 * `prefetch([{ repo: GLUE_HUB_REPO, repoType: 'dataset', files: glueHubFiles(['rte', 'mrpc']) }])`.
 */
export function glueHubFiles(tasks: string[]): string[] {
  return tasks.flatMap((t) => {
    const spec = GLUE_SPECS[glueTask(t)];
    return ['train', ...spec.validationSplits].map((split) => glueHubPath(spec.task, split));
  });
}

export interface GlueHubOptions {
  repo?: string;
  revision?: string;
  hubUrl?: string;
  cacheDir?: string;
  /** Which splits to fetch; default train + the dev split(s) (test sets are unlabeled). */
  splits?: string[];
}

export async function loadGlueHub(spec: GlueTaskSpec, opts: GlueHubOptions, bad: BadRows): Promise<Record<string, GlueExample[]>> {
  const repo = opts.repo ?? GLUE_HUB_REPO;
  const revision = opts.revision ?? GLUE_HUB_REVISION;
  const wanted = opts.splits ?? ['train', ...spec.validationSplits];
  const splits: Record<string, GlueExample[]> = {};
  for (const split of wanted) {
    const { file, rows } = await hubParquetRows({ repo, revision, path: glueHubPath(spec.task, split), hubUrl: opts.hubUrl, cacheDir: opts.cacheDir });
    splits[split] = rowsToExamples(spec, rows, file, !split.startsWith('test'), bad);
  }
  return splits;
}

/** Map parquet rows to examples; problems name the file and the record index (row number from 0). */
export function rowsToExamples(spec: GlueTaskSpec, rows: Record<string, unknown>[], file: string, labeled: boolean, bad: BadRows): GlueExample[] {
  const [f1, f2] = spec.textFields;
  const out: GlueExample[] = [];
  rows.forEach((row, i) => {
    const ex = bad.attempt((): GlueExample => {
      const place = `record ${i}`;
      const text = row[f1];
      if (typeof text !== 'string') throw at(file, place, `field '${f1}' is missing or not a string`);
      const pair = f2 === undefined ? undefined : row[f2];
      if (f2 !== undefined && typeof pair !== 'string') throw at(file, place, `field '${f2}' is missing or not a string`);
      const label = row.label;
      if (typeof label !== 'number' || !Number.isFinite(label)) throw at(file, place, `field 'label' is missing or not a number`);
      if (labeled) {
        if (spec.isRegression ? label < 0 || label > 5 : !Number.isInteger(label) || label < 0 || label >= spec.labelNames.length) {
          throw at(file, place, `label ${label} is outside the task's label set (${spec.isRegression ? '[0, 5]' : spec.labelNames.map((n, k) => `${k}=${n}`).join(', ')})`);
        }
      }
      const idx = typeof row.idx === 'number' ? row.idx : i;
      return pair === undefined ? { text, label, idx } : { text, textPair: pair as string, label, idx };
    });
    if (ex) out.push(ex);
  });
  return out;
}
