import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount, getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const require = createRequire(import.meta.url);
const factory = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
const wpath = path.join(os.tmpdir(), 'tfjs-wasm-worker-test.cjs'); fs.writeFileSync(wpath, wasmWorkerContents.replace(/\n/g, '\\n'));
const n = Number(process.argv[2] ?? 2);
if (n > 0) {
setThreadsCount(n);
tf.removeBackend('wasm');
tf.registerBackend('wasm', async () => {
  const orig = os.cpus; (os as any).cpus = () => Array.from({length: 2*n}, () => orig()[0]);
  let module: any; try { module = await factory({ locateFile: (p: string, prefix: string) => p.endsWith('.worker.js') ? wpath : prefix + p }); } finally { (os as any).cpus = orig; }
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return new BackendWasm(module);
}, 2);
}
const t0 = Date.now();
console.log(await tf.setBackend('wasm'), Date.now()-t0, 'ms threads', getThreadsCount());
const x = tf.randomNormal([1024,1024]); const y = tf.randomNormal([1024,1024]);
tf.matMul(x,y).dataSync();
let s = performance.now(); for (let i=0;i<5;i++) tf.matMul(x,y).dataSync(); let ms=(performance.now()-s)/5;
console.log('matmul', ms.toFixed(1), (2*1024**3/ms/1e6).toFixed(1), 'GFLOP/s');
const a = tf.randomNormal([512,2048]);
s = performance.now(); for (let i=0;i<5;i++) tf.tanh(a).dataSync(); ms=(performance.now()-s)/5; console.log('tanh', ms.toFixed(2));
const r = tf.matMul(tf.tensor2d([[1,2],[3,4]]), tf.tensor2d([[1,0],[0,1]])); console.log(r.dataSync());
tf.removeBackend('wasm');
