// Run by threads.test.ts in a child process: a threaded wasm product, then the process must exit by itself.
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './index.ts';

const info = await initBackend({ backend: 'wasm', threads: 2 });
const product = tf.matMul(tf.ones([512, 512]), tf.ones([512, 512]));
console.log(JSON.stringify({ threads: info.threads, corner: product.dataSync()[0] }));
