/**
 * GatherNd gradient (tfjs-core 4.22 registers none). TF's gradient is scatter_nd(indices, dy, x.shape),
 * which sums updates at repeated indices — as tf.scatterND does on cpu and wasm.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs';

export const gatherNdGradConfig: GradConfig = {
  kernelName: tf.GatherNd,
  inputsToSave: ['params', 'indices'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
    const [params, indices] = saved;
    return {
      params: () => tf.scatterND(indices, dy as tf.Tensor, params.shape),
      indices: () => tf.zerosLike(indices),
    };
  },
};
