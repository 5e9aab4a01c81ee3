/**
 * StridedSlice gradient (tfjs-core 4.22 registers none: "gradient function not found for StridedSlice").
 * TF's StridedSliceGrad scatters dy back into zeros shaped like x. We find where each output element came
 * from by running the same strided slice over an iota tensor (flat index of every element of x), which
 * handles every mask (begin/end/ellipsis/new-axis/shrink) exactly as the forward does, then scatter with
 * UnsortedSegmentSum (our linear-time kernel; the selected indices are distinct, so it is a plain scatter).
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs';

interface StridedSliceAttrs {
  begin: number[];
  end: number[];
  strides: number[];
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
}

export const stridedSliceGradConfig: GradConfig = {
  kernelName: tf.StridedSlice,
  inputsToSave: ['x'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved;
    const a = attrs as unknown as StridedSliceAttrs;
    return {
      x: () => {
        const iota = tf.reshape(tf.range(0, x.size, 1, 'int32'), x.shape);
        const from = tf.stridedSlice(iota, a.begin, a.end, a.strides, a.beginMask, a.endMask, a.ellipsisMask, a.newAxisMask, a.shrinkAxisMask);
        const flat = tf.unsortedSegmentSum(tf.reshape(dy as tf.Tensor, [-1]), tf.reshape(from, [-1]), x.size);
        return tf.reshape(flat, x.shape);
      },
    };
  },
};
