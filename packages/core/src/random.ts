/**
 * Seeded normal samples that really are seeded. tfjs's normal sampler (MPRandGauss in tfjs-core's
 * rand_util) tests its seed for truthiness, so a seed of 0 means "no seed" and it draws from Math.random:
 * a seed-0 run then differs from run to run. That made the pretrained encoder of recipe seed 0 differ
 * between processes (its pair-objective readouts were initialised with seed 0). Uniform samples and
 * dropout (tf.randomUniform) turn the seed into a string and honour 0; only normals need this.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Stands in for seed 0: not an integer, so no integer seed draws the same stream. */
const SEED_ZERO = 0.5;

/** tf.randomNormal(shape, mean, std, 'float32', seed), with seed 0 honoured. */
export function seededRandomNormal(shape: number[], mean: number, std: number, seed: number): tf.Tensor {
  return tf.randomNormal(shape, mean, std, 'float32', seed === 0 ? SEED_ZERO : seed);
}
