import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { at } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { readCsvFile } from '../common/csv.ts';
import { hubParquetRows } from '../common/hub.ts';
import { describeSource, type DataSource } from '../common/source.ts';
import { demoE2ePairs } from './demo.ts';
import { splitFromPairs } from './group.ts';
import { parseMr } from './mr.ts';
import type { E2eData, E2eSplit } from './types.ts';

/** Official file names (tuetschek/e2e-dataset). The test split prefers the file with references. */
export const E2E_FILES: Record<string, string[]> = {
  train: ['trainset.csv'],
  validation: ['devset.csv'],
  test: ['testset_w_refs.csv', 'testset.csv'],
};

/** Hub: tuetschek/e2e_nlg, parquet conversion branch, `default/<split>/0000.parquet`. */
export const E2E_HUB = { repo: 'tuetschek/e2e_nlg', revision: 'refs/convert/parquet', path: (split: string) => `default/${split}/0000.parquet` };

export interface LoadE2eOptions {
  source: DataSource;
  skipBadRows?: boolean;
  /** Splits to load; default all three (a folder without trainset.csv just has no train split). */
  splits?: string[];
}

export async function loadE2e(opts: LoadE2eOptions): Promise<E2eData> {
  const bad = new BadRows(opts.skipBadRows ?? false);
  const wanted = opts.splits ?? ['train', 'validation', 'test'];
  const src = opts.source;
  const splits: Record<string, E2eSplit> = {};
  for (const split of wanted) {
    let pairs: { mr: string; ref: string }[] | undefined;
    if (src.kind === 'folder') pairs = readFolderSplit(src.dir, split, bad, opts.splits !== undefined);
    else if (src.kind === 'hub') pairs = await readHubSplit(src, split, bad);
    else pairs = demoE2ePairs(src.seed ?? 0, split, demoSize(split, src.size));
    if (pairs === undefined) continue;
    if (pairs.length === 0) throw at(src.kind === 'folder' ? join(src.dir, E2E_FILES[split][0]) : describeSource(src, E2E_HUB), split, 'split is empty');
    splits[split] = splitFromPairs(pairs);
  }
  if (Object.keys(splits).length === 0) throw at(src.kind === 'folder' ? src.dir : describeSource(src), undefined, 'no E2E split files found (trainset.csv, devset.csv, testset_w_refs.csv)');
  return { splits, skipped: bad.skipped, source: describeSource(src, E2E_HUB), isDemo: src.kind === 'demo' };
}

function demoSize(split: string, size?: number): number {
  const train = size ?? 300;
  return split === 'train' ? train : Math.max(20, Math.round(train * 0.2));
}

/** Read one split's CSV; undefined when its file is absent and the split was not asked for by name. */
function readFolderSplit(dir: string, split: string, bad: BadRows, required: boolean): { mr: string; ref: string }[] | undefined {
  if (!existsSync(dir)) throw at(dir, undefined, 'E2E data folder not found');
  const names = E2E_FILES[split];
  if (!names) throw at(dir, split, `unknown E2E split (known: ${Object.keys(E2E_FILES).join(', ')})`);
  const name = names.find((n) => existsSync(join(dir, n)));
  if (!name) {
    if (required) throw at(join(dir, names[0]), undefined, `missing ${split} file`);
    return undefined;
  }
  const file = join(dir, name);
  const { header, records } = readCsvFile(file, bad);
  const mrCol = header.indexOf('mr');
  const refCol = header.indexOf('ref');
  if (mrCol < 0) throw at(file, 1, `no 'mr' column in the header (${header.join(', ')})`);
  const out: { mr: string; ref: string }[] = [];
  for (const r of records) {
    if (r.cells.length !== header.length) {
      bad.fail(at(file, r.line, `expected ${header.length} comma-separated fields, got ${r.cells.length}`));
      continue;
    }
    const mr = r.cells[mrCol];
    const ok = bad.attempt(() => parseMr(mr, file, r.line));
    if (!ok) continue;
    out.push({ mr, ref: refCol >= 0 ? r.cells[refCol] : '' });
  }
  return out;
}

async function readHubSplit(src: Extract<DataSource, { kind: 'hub' }>, split: string, bad: BadRows): Promise<{ mr: string; ref: string }[]> {
  const { file, rows } = await hubParquetRows({
    repo: src.repo ?? E2E_HUB.repo,
    revision: src.revision ?? E2E_HUB.revision,
    path: E2E_HUB.path(split),
    hubUrl: src.hubUrl,
    cacheDir: src.cacheDir,
  });
  const out: { mr: string; ref: string }[] = [];
  rows.forEach((row, i) => {
    const pair = bad.attempt(() => {
      const mr = row.meaning_representation;
      const ref = row.human_reference;
      if (typeof mr !== 'string') throw at(file, `record ${i}`, "field 'meaning_representation' is missing or not a string");
      if (typeof ref !== 'string') throw at(file, `record ${i}`, "field 'human_reference' is missing or not a string");
      parseMr(mr, file, `record ${i}`);
      return { mr, ref };
    });
    if (pair) out.push(pair);
  });
  return out;
}
