/**
 * What a sweep downloads from the hub: its `hf:` models (at their revision) and, with `data: hub`, the dataset
 * files of its tasks. `peftbench download --sweep <file>` fills the cache with these ahead of a cluster job whose
 * nodes have no internet; the runs then read them offline.
 */
import { GLUE_HUB_REPO, glueHubFiles } from '@peftbench/datasets';
import type { PrefetchItem } from '@peftbench/hub';
import { loadSweepFile } from './sweep-load.ts';

export function sweepHubNeeds(sweepFile: string): PrefetchItem[] {
  const sweep = loadSweepFile(sweepFile);
  const items: PrefetchItem[] = [];
  if (sweep.model.startsWith('hf:')) {
    const [repo, revision] = sweep.model.slice('hf:'.length).split('@');
    items.push({ repo, repoType: 'model', ...(revision && { revision }) });
  }
  if (sweep.data.kind === 'hub' && sweep.family === 'glue') items.push({ repo: GLUE_HUB_REPO, repoType: 'dataset', files: glueHubFiles(sweep.tasks) });
  return items;
}
