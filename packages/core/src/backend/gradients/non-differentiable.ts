/**
 * Zero gradients for comparison and logical ops. TensorFlow treats them as non-differentiable (no
 * gradient flows through a boolean), but tfjs-core 4.22 registers a gradient only for GreaterEqual, so
 * `tf.where(tf.greater(x, 0), x, y)` with a trainable x fails with "gradient function not found for
 * Greater" — on every backend. Returning zeros for the inputs is exactly TF's behaviour.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs';

const BINARY = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr', 'LogicalXor'];
const UNARY = ['LogicalNot'];

/** tfjs requires float32 gradients, also for bool/int32 inputs. */
const zerosFor = (x: tf.Tensor) => tf.zeros(x.shape, 'float32');

function zeroGradient(kernelName: string, inputs: string[]): GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => zerosFor(saved[i])])),
  };
}

/** Gradient configs for the ops above that have none registered yet (never replaces an existing one). */
export function missingComparisonGradients(): GradConfig[] {
  return [...BINARY.map((k) => zeroGradient(k, ['a', 'b'])), ...UNARY.map((k) => zeroGradient(k, ['x']))].filter(
    (g) => tf.getGradient(g.kernelName) === undefined,
  );
}
