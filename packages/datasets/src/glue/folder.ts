import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { at } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { readTsv } from '../common/tsv.ts';
import type { GlueTaskSpec } from './tasks.ts';
import type { GlueExample } from './types.ts';

export interface GlueFolderOptions {
  /** Override split files (relative to the task folder or absolute), e.g. { train: 'train.random-subset-23497.noheader.tsv' }. */
  files?: Record<string, string>;
  /**
   * MRPC train: 'train.tsv' (as shipped; 3,667 rows in some copies) or 'msr-minus-dev'
   * (msr_paraphrase_train.txt minus dev_ids.tsv: what GLUE's download script does; 3,668 rows, = HF).
   */
  mrpcTrain?: 'train.tsv' | 'msr-minus-dev';
}

/** Read every split file of one task from a glue_data-style folder. train and the dev split(s) must exist. */
export function loadGlueFolder(spec: GlueTaskSpec, dir: string, bad: BadRows, opts: GlueFolderOptions = {}): Record<string, GlueExample[]> {
  const taskDir = join(dir, spec.dir);
  if (!existsSync(dir)) throw at(dir, undefined, 'GLUE data folder not found');
  if (!existsSync(taskDir)) throw at(taskDir, undefined, `task folder not found (expected ${spec.dir}/ inside ${dir})`);
  const files = { ...spec.files, ...(opts.files ?? {}) };
  const splits: Record<string, GlueExample[]> = {};
  for (const [split, name] of Object.entries(files)) {
    const file = name.startsWith('/') ? name : join(taskDir, name);
    // train and the (matched) dev split are required; MNLI's mismatched dev and every test file are optional.
    const required = split === 'train' || split === spec.validationSplits[0];
    if (!existsSync(file)) {
      if (required) throw at(file, undefined, `missing ${split} file of ${spec.task.toUpperCase()}`);
      continue;
    }
    const labeled = !split.startsWith('test');
    if (spec.task === 'mrpc' && split === 'train' && opts.mrpcTrain === 'msr-minus-dev') {
      splits[split] = readMrpcCanonicalTrain(taskDir, bad);
    } else {
      splits[split] = readSplitFile(spec, file, labeled, bad);
    }
  }
  return splits;
}

function readSplitFile(spec: GlueTaskSpec, file: string, labeled: boolean, bad: BadRows): GlueExample[] {
  const { tsv } = spec;
  const textCols = tsv.pair ? [tsv.text, tsv.pair] : [tsv.text];
  const records = readTsv(file, { required: labeled ? [...textCols, tsv.label] : textCols, headerless: labeled ? tsv.headerless : undefined }, bad);
  const out: GlueExample[] = [];
  for (const r of records) {
    const label = labeled ? bad.attempt(() => parseLabel(spec, r.get(tsv.label), file, r.line)) : -1;
    if (label === undefined) continue;
    const ex: GlueExample = { text: r.get(tsv.text), label, idx: out.length };
    if (tsv.pair) ex.textPair = r.get(tsv.pair);
    out.push(ex);
  }
  return out;
}

/** A TSV label cell -> the HF label id (or STS-B's float score in [0, 5]). */
export function parseLabel(spec: GlueTaskSpec, cell: string, file: string, line: number): number {
  const value = cell.trim();
  if (spec.tsv.labelValues === null) {
    const score = Number(value);
    if (value === '' || !Number.isFinite(score) || score < 0 || score > 5) throw at(file, line, `score '${cell}' is not a number in [0, 5]`);
    return score;
  }
  const id = spec.tsv.labelValues.indexOf(value);
  if (id < 0) throw at(file, line, `label '${cell}' is not one of ${spec.tsv.labelValues.join(', ')}`);
  return id;
}

/** GLUE's download script: MRPC train = msr_paraphrase_train.txt rows whose id pair is not in dev_ids.tsv. */
function readMrpcCanonicalTrain(taskDir: string, bad: BadRows): GlueExample[] {
  const spec = { required: ['Quality', '#1 ID', '#2 ID', '#1 String', '#2 String'] };
  const idsFile = join(taskDir, 'dev_ids.tsv');
  const dev = new Set([...readTsv(idsFile, { required: ['#1 ID', '#2 ID'], headerless: ['#1 ID', '#2 ID'] }, bad)].map((r) => `${r.get('#1 ID')}\t${r.get('#2 ID')}`));
  const file = join(taskDir, 'msr_paraphrase_train.txt');
  const out: GlueExample[] = [];
  for (const r of readTsv(file, spec, bad)) {
    if (dev.has(`${r.get('#1 ID')}\t${r.get('#2 ID')}`)) continue;
    const q = r.get('Quality').trim();
    if (q !== '0' && q !== '1') {
      bad.fail(at(file, r.line, `label '${q}' is not one of 0, 1`));
      continue;
    }
    out.push({ text: r.get('#1 String'), textPair: r.get('#2 String'), label: Number(q), idx: out.length });
  }
  return out;
}
