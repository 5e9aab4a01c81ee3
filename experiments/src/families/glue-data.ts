/**
 * The GLUE data of one run, as both GLUE paths read it (glue-run.ts: encoders; glue-t5.ts: text-to-text):
 * the task's splits from the spec's source (demo, folder or hub at the recorded commit) under the run's
 * protocol, the training sample (trainLimit) and the evaluation samples (evalLimit).
 */
import { applyProtocol, loadGlue, type GlueData, type GlueExample, type GlueTask } from '@peftbench/datasets';
import { evalSample, trainSample } from '../fine-tune.ts';
import type { RunSpec } from '../run-types.ts';
import { dataCommitOf } from './provenance.ts';

export interface GlueRunData {
  data: GlueData;
  /** The hub dataset's commit the files came from (hub sources). */
  dataCommit: string | undefined;
  train: GlueExample[];
  validation: GlueExample[];
  /** The report split: the validation array itself where the protocol reports on it. */
  test: GlueExample[];
  /** MNLI's mismatched report split. */
  mismatched?: GlueExample[];
}

export async function glueRunData(spec: RunSpec, task: GlueTask): Promise<GlueRunData> {
  const source = spec.data.kind === 'folder' ? { kind: 'folder' as const, dir: spec.data.dir } : spec.data.kind === 'hub' ? { kind: 'hub' as const } : { kind: 'demo' as const, seed: 0 };
  const dataCommit = await dataCommitOf(spec);
  const data = await loadGlue(task, { source: source.kind === 'hub' ? { ...source, revision: dataCommit } : source });
  const splits = applyProtocol(data, spec.protocol, spec.seed);
  const validation = evalSample(splits.validation, spec);
  return {
    data,
    dataCommit,
    train: trainSample(splits.train, spec),
    validation,
    test: splits.test === splits.validation ? validation : evalSample(splits.test, spec),
    ...(splits.mismatched && { mismatched: evalSample(splits.mismatched.test, spec) }),
  };
}

/** Said in the result when the spec's maxLength was more than the model has positions for. */
export function lengthNote(spec: RunSpec, used: number): string | undefined {
  return used < spec.hyper.maxLength ? `maxLength ${spec.hyper.maxLength} cut to ${used}, the model's usable positions` : undefined;
}
