/**
 * Load an HF-format model folder (config.json + model.safetensors [+ tokenizer.json]) from a local
 * directory or from the hub (through @peftbench/hub's cache), into the architecture its model_type names.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readSafetensors, toFloat32 } from '@peftbench/safetensors';
import { InputError } from '@peftbench/util';
import type { PreTrainedModel, TaskKind, LoadReport } from './base.ts';
import { parseHfConfig, readHfConfig, type HfConfig } from './config.ts';

export type ModelFactory = (config: HfConfig, task: TaskKind, opts: { seed?: number; numLabels?: number }) => PreTrainedModel;

const factories = new Map<string, ModelFactory>();

/** Architectures register themselves by model_type (decoders add gpt2 and llama). */
export function registerArchitecture(modelType: string, factory: ModelFactory): void {
  factories.set(modelType, factory);
}

export function createModel(config: HfConfig, task: TaskKind, opts: { seed?: number; numLabels?: number } = {}): PreTrainedModel {
  const factory = factories.get(config.model_type);
  if (!factory) throw new InputError(`config.json [model_type]: no architecture registered for '${config.model_type}' (have: ${[...factories.keys()].join(', ')})`);
  return factory(config, task, opts);
}

export interface LoadOptions {
  task: TaskKind;
  numLabels?: number;
  /** Seed for freshly initialised heads. */
  seed?: number;
  /** Fields of config.json to override before building (e.g. { classifier_dropout: 0.5 }). */
  configOverrides?: Record<string, unknown>;
  /** Hub options when the source is `hf:<repo>[@<revision>]` (a revision in the source wins over `revision`). */
  hubUrl?: string;
  /** The Hugging Face hub cache folder (default HF_HUB_CACHE / HF_HOME/hub / ~/.cache/huggingface/hub). */
  cacheDir?: string;
  revision?: string;
  /** Re-resolve a branch / tag on the hub even when the cache knows its commit. */
  refresh?: boolean;
}

export interface LoadedModel<M extends PreTrainedModel = PreTrainedModel> {
  model: M;
  config: HfConfig;
  dir: string;
  report: LoadReport;
  /** For `hf:` sources: the repo, the revision asked for, and the commit sha the files came from. */
  hub?: HubSource;
}

export interface HubSource {
  repo: string;
  revision: string;
  commit: string;
}

/** Files a model folder may have; config.json and model.safetensors are required (spiece.model: T5's SentencePiece tokenizer, no tokenizer.json). */
export const MODEL_FILES = ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'spiece.model', 'spm.model', 'special_tokens_map.json', 'added_tokens.json'];

/**
 * `source`: a folder path, `local:<dir>`, or `hf:<owner/name>` (downloaded into the cache once, then
 * read offline).
 */
export async function loadModel<M extends PreTrainedModel = PreTrainedModel>(source: string, opts: LoadOptions): Promise<LoadedModel<M>> {
  const { dir, hub } = await resolveModelSource(source, opts);
  return { ...loadModelFromDir<M>(dir, opts), ...(hub && { hub }) };
}

export async function resolveModelDir(source: string, opts: Pick<LoadOptions, 'hubUrl' | 'cacheDir' | 'revision' | 'refresh'> = {}): Promise<string> {
  return (await resolveModelSource(source, opts)).dir;
}

/** The local folder of a model source and, for `hf:<repo>[@<revision>]`, the commit its files came from. */
export async function resolveModelSource(
  source: string, opts: Pick<LoadOptions, 'hubUrl' | 'cacheDir' | 'revision' | 'refresh'> = {},
): Promise<{ dir: string; hub?: HubSource }> {
  if (source.startsWith('hf:')) {
    const { hubSnapshotInfo, parseRepoSpec } = await import('@peftbench/hub');
    const spec = parseRepoSpec(source, 'model');
    const revision = source.includes('@') ? spec.revision : (opts.revision ?? 'main');
    const snap = await hubSnapshotInfo({
      repo: spec.repo, revision, files: MODEL_FILES, optional: MODEL_FILES.slice(2), hubUrl: opts.hubUrl, cacheDir: opts.cacheDir, refresh: opts.refresh,
    });
    return { dir: snap.dir, hub: { repo: snap.repo, revision: snap.revision, commit: snap.commit } };
  }
  return { dir: source.startsWith('local:') ? source.slice(6) : source };
}

export function loadModelFromDir<M extends PreTrainedModel = PreTrainedModel>(dir: string, opts: LoadOptions): LoadedModel<M> {
  const configPath = join(dir, 'config.json');
  const weightsPath = join(dir, 'model.safetensors');
  if (!existsSync(configPath)) throw new InputError(`${configPath}: missing (a model folder needs config.json and model.safetensors)`);
  if (!existsSync(weightsPath)) throw new InputError(`${weightsPath}: missing (a model folder needs config.json and model.safetensors)`);
  const config = opts.configOverrides ? parseHfConfig({ ...readHfConfig(configPath), ...opts.configOverrides }, `${configPath} (with overrides)`) : readHfConfig(configPath);
  const file = readSafetensors(weightsPath);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, entry] of file.tensors) {
    if (!['F32', 'F16', 'BF16', 'F64'].includes(entry.dtype)) throw new InputError(`${weightsPath} [${name}]: dtype ${entry.dtype} is not a floating-point weight`);
    tensors.set(name, { shape: entry.shape, data: entry.dtype === 'F64' ? Float32Array.from(entry.data as Float64Array) : toFloat32(entry) });
  }
  const model = createModel(config, opts.task, { seed: opts.seed, numLabels: opts.numLabels });
  try {
    const report = model.loadStateDict(tensors, weightsPath);
    return { model: model as M, config, dir, report };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
