/**
 * Which exact files a run used: the model's and the dataset's hub commits (a revision like `main` moves; a
 * commit does not). The sweep's prepare step resolves `main` once (again with `--refresh`), the runs read the
 * pinned ref from the cache, and every result records the commits (the report's provenance line shows them).
 */
import { resolveModelSource } from '@peftbench/core';
import { GLUE_HUB_REPO } from '@peftbench/datasets';
import { resolveRevision } from '@peftbench/hub';
import type { RunResult, RunSpec } from '../run-types.ts';
import { memoryProvenanceOf } from '../memory-plan.ts';

/** Set by `--refresh` (the CLI), read by the prepare step in the worker: re-resolve `main` on the hub. */
export const REFRESH_ENV = 'PEFTBENCH_HUB_REFRESH';
export const refreshRequested = (): boolean => process.env[REFRESH_ENV] === '1';

/** The hub dataset a family reads with `data: hub` (only GLUE has one here). */
export function hubDatasetOf(spec: Pick<RunSpec, 'family' | 'data'>): string | undefined {
  return spec.data.kind === 'hub' && spec.family === 'glue' ? GLUE_HUB_REPO : undefined;
}

/** Resolve (or, with refresh, re-resolve) the revisions a run needs, once per sweep before the runs. */
export async function pinRevisions(spec: Pick<RunSpec, 'family' | 'data' | 'model'>, refresh = refreshRequested()): Promise<void> {
  if (spec.model.startsWith('hf:')) await resolveModelSource(spec.model, { refresh });
  const dataset = hubDatasetOf(spec);
  if (dataset) await resolveRevision({ repo: dataset, repoType: 'dataset', revision: 'main', refresh });
}

/** The dataset commit a run reads (the ref pinned by the prepare step; no network when cached). */
export async function dataCommitOf(spec: Pick<RunSpec, 'family' | 'data'>): Promise<string | undefined> {
  const dataset = hubDatasetOf(spec);
  return dataset ? resolveRevision({ repo: dataset, repoType: 'dataset', revision: 'main' }) : undefined;
}

export function provenanceOf(spec: Pick<RunSpec, 'model' | 'data' | 'family'>, modelCommit: string | undefined, dataCommit: string | undefined): NonNullable<RunResult['provenance']> {
  const data = spec.data.kind === 'folder' ? `folder:${spec.data.dir}` : spec.data.kind === 'hub' ? `hub:${hubDatasetOf(spec) ?? '?'}` : 'demo';
  // the memory plan made for this run before loading (memory-plan.ts), when there is one
  const memory = 'id' in spec ? memoryProvenanceOf(spec as RunSpec) : undefined;
  return { model: spec.model, ...(modelCommit && { modelCommit }), data, ...(dataCommit && { dataCommit }), ...(memory && { memory }) };
}

/** The model's hub commit (the pinned ref; no network when cached), or undefined for local and pretrained models. */
export async function modelCommitOf(spec: Pick<RunSpec, 'model'>): Promise<string | undefined> {
  return spec.model.startsWith('hf:') ? (await resolveModelSource(spec.model)).hub?.commit : undefined;
}
