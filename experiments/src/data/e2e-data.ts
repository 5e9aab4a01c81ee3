/**
 * Which E2E text an E2E run trains on, selects on and reports on — one rule shared by the runs and by the
 * decoder pretraining (which may only see the training part):
 *  - a source with a train split (demo suite, hub, a folder with trainset.csv): train = train, selection =
 *    validation (dev), report = test when it carries references, else dev;
 *  - a folder with only devset.csv + testset_w_refs.csv (what ../shared/data/e2e ships): the dev MRs are
 *    shuffled with a fixed seed (0, so pretraining and every run agree) and split 80/20 by MR into train
 *    and selection; report = test. The test references are never trained or pretrained on.
 */
import { loadE2e, type E2eData, type E2eGroup, type E2ePair } from '@peftbench/datasets';
import { InputError, Rng } from '@peftbench/util';

export type E2eSource = { kind: 'demo' } | { kind: 'folder'; dir: string } | { kind: 'hub' };

export interface E2eRunSplits {
  /** Flat (MR, reference) pairs to fine-tune (and pretrain) on. */
  train: E2ePair[];
  /** Pairs whose loss selects the checkpoint. */
  validation: E2ePair[];
  /** MRs to generate for, with every reference (scored with scoreE2E). */
  report: E2eGroup[];
  reportSplit: 'test' | 'validation';
  /** How the parts were made, for logs and result records. */
  description: string;
}

/** Fraction of dev MRs used for training when the source has no train split. */
export const DEV_TRAIN_FRACTION = 0.8;

export async function loadE2eSource(source: E2eSource): Promise<E2eData> {
  const src = source.kind === 'demo' ? { kind: 'demo' as const, seed: 0 } : source.kind === 'hub' ? { kind: 'hub' as const } : source;
  return loadE2e({ source: src });
}

export function e2eRunSplits(data: E2eData, where: string): E2eRunSplits {
  const { train, validation, test } = data.splits;
  if (!validation) throw new InputError(`${where}: no E2E validation split (devset.csv) to select checkpoints on`);
  const testHasRefs = test !== undefined && test.groups.length > 0 && test.groups.every((g) => g.refs.length > 0);
  if (train) {
    return {
      train: train.pairs,
      validation: validation.pairs,
      report: testHasRefs ? test!.groups : validation.groups,
      reportSplit: testHasRefs ? 'test' : 'validation',
      description: `${data.source}: train ${train.groups.length} MRs, select on dev, report on ${testHasRefs ? 'test' : 'dev'}`,
    };
  }
  if (!testHasRefs) throw new InputError(`${where}: no trainset.csv and no testset_w_refs.csv: dev would be both trained and reported on`);
  const groups = new Rng(0).shuffle(validation.groups.slice());
  const cut = Math.round(groups.length * DEV_TRAIN_FRACTION);
  const flat = (gs: E2eGroup[]) => gs.flatMap((g) => g.refs.map((ref) => ({ mr: g.mr, ref }))).map((p, idx) => ({ ...p, idx }));
  return {
    train: flat(groups.slice(0, cut)),
    validation: flat(groups.slice(cut)),
    report: test!.groups,
    reportSplit: 'test',
    description: `${data.source}: no train split — dev MRs split ${cut}/${groups.length - cut} (seed 0) into train/selection, report on test`,
  };
}

/** Load a source and apply the split rule. */
export async function e2eSplitsFor(source: E2eSource): Promise<E2eRunSplits> {
  const data = await loadE2eSource(source);
  return e2eRunSplits(data, source.kind === 'folder' ? source.dir : data.source);
}
