/** Test helpers shared by packages that build on core. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<void> | undefined;

/** The backend tests run on (PEFTBENCH_BACKEND, default wasm). */
export function initBackendForTests(): Promise<void> {
  ready ??= (async () => {
    await tf.setBackend(process.env.PEFTBENCH_BACKEND ?? 'wasm');
    await tf.ready();
  })();
  return ready;
}
