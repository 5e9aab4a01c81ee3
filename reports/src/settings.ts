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

const DEMO: Record<string, string> = {
  glue: 'demo data (synthetic GLUE-shaped suite from a seeded grammar; not GLUE)',
  e2e: 'demo data (synthetic E2E-shaped meaning representations and references; not the E2E NLG Challenge data)',
  math: 'demo data (demo arithmetic train and eval sets; not Math10K or the six math test sets)',
  conll: 'demo data (synthetic NER sentences from templates and small gazetteers; not CoNLL-2003)',
};
const NAMES: Record<string, string> = { glue: 'GLUE', e2e: 'E2E NLG', math: 'math (Math10K + eval sets)', conll: 'CoNLL-2003' };

/** What data a setting ran on, per family (default GLUE). */
export function describeData(data: Setting['data'], family = 'glue'): string {
  if (data.kind === 'demo') return DEMO[family] ?? `demo data (${family})`;
  if (data.kind === 'hub') return `${NAMES[family] ?? family} from the Hugging Face hub`;
  return `${NAMES[family] ?? family} folder ${relative(repoRoot, data.dir) || data.dir}`;
}

export function describeModel(model: string): string {
  const [kind, ...rest] = model.split(':');
  const name = rest.join(':');
  if (kind === 'pretrain') return `${model} (tiny model pretrained by a peftbench recipe: shipped in packages/backbones, or pretrained here on first use)`;
  if (kind === 'hf') return `${name} (Hugging Face hub)`;
  return `${name} (local folder)`;
}

export function describeProtocol(protocol: string, family = 'glue'): string {
  if (family === 'e2e') return `${protocol}: train on train; the checkpoint with the lowest validation loss is decoded and scored on the report split (test when it has references)`;
  if (family === 'math') return `${protocol}: train on the training problems; the checkpoint with the lowest held-out response loss answers each eval set (greedy decoding)`;
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
