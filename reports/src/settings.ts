/**
 * A "setting" is what must be equal for numbers to share a table: model, data and protocol. Records of one
 * sweep folder normally share one; if they do not (the sweep file was edited), each gets its own table.
 */
import { relative } from 'node:path';
import { repoRoot } from '@peftbench/util';
import type { ResultRecord } from './result-files.ts';

export interface Setting {
  model: string;
  data: ResultRecord['spec']['data'];
  protocol: string;
}

export function settingKey(s: Setting): string {
  return JSON.stringify([s.model, s.data.kind, s.data.kind === 'folder' ? s.data.dir : '', s.protocol]);
}

export function settingOf(r: ResultRecord): Setting {
  return { model: r.spec.model, data: r.spec.data, protocol: r.spec.protocol };
}

export function isDemo(s: Setting): boolean {
  return s.data.kind === 'demo';
}

export function describeData(data: Setting['data']): string {
  if (data.kind === 'demo') return 'demo data (synthetic GLUE-shaped suite from a seeded grammar; not GLUE)';
  if (data.kind === 'hub') return 'GLUE from the Hugging Face hub (nyu-mll/glue parquet)';
  return `GLUE folder ${relative(repoRoot, data.dir) || data.dir}`;
}

export function describeModel(model: string): string {
  const [kind, ...rest] = model.split(':');
  const name = rest.join(':');
  if (kind === 'pretrain') return `${model} (tiny encoder MLM-pretrained offline by peftbench)`;
  if (kind === 'hf') return `${name} (Hugging Face hub)`;
  return `${name} (local folder)`;
}

export function describeProtocol(protocol: string): string {
  if (protocol === 'red-split') return 'red-split: dev shuffled per seed and split into validation/test; best validation checkpoint, reported on test (RED App. A.1)';
  if (protocol === 'id3') return 'id3: train on train, evaluate on dev every Eval_Steps, best dev checkpoint (ID3 Table 7b)';
  return 'dev: train on train, best dev checkpoint reported on dev (IT-Tuning / LoRA practice)';
}

/** A short file-name fragment for a setting, used only when one sweep folder holds several settings. */
export function settingSlug(s: Setting): string {
  const clean = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const data = s.data.kind === 'folder' ? `folder-${clean(s.data.dir.split('/').pop() ?? '')}` : s.data.kind;
  return `${clean(s.model)}.${data}.${s.protocol}`;
}
