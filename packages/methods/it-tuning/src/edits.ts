/**
 * The two edits of eq. 1 on an activation x [B, T, D]: scaling (V_Q, V_ff: x ⊙ V) and shifting (V_A:
 * x ⊕ V), with V^1 [D] at shared positions and V^2 [R, D] at information tokens, identity elsewhere.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { EditPlan } from './positions.ts';

function perPosition(plan: EditPlan, B: number, T: number, R: number, shared: tf.Tensor, info: tf.Tensor, neutral: number): tf.Tensor {
  const D = shared.shape[0] as number;
  const onehot = tf.tensor2d(plan.infoOneHot, [B * T, R]);
  const sharedMask = tf.tensor2d(plan.shared, [B * T, 1]);
  // V(pos) − neutral: neutral (1 for scales, 0 for shifts) where a position is not edited
  const fromInfo = tf.matMul(onehot, tf.sub(info, neutral) as tf.Tensor2D);
  const fromShared = tf.mul(sharedMask, tf.sub(shared, neutral).reshape([1, D]));
  return tf.add(tf.add(fromInfo, fromShared), neutral).reshape([B, T, D]);
}

export function scaleEdit(x: tf.Tensor, plan: EditPlan, R: number, shared: tf.Tensor, info: tf.Tensor): tf.Tensor {
  const [B, T] = x.shape;
  return tf.mul(x, perPosition(plan, B, T, R, shared, info, 1));
}

export function shiftEdit(x: tf.Tensor, plan: EditPlan, R: number, shared: tf.Tensor, info: tf.Tensor): tf.Tensor {
  const [B, T] = x.shape;
  return tf.add(x, perPosition(plan, B, T, R, shared, info, 0));
}
