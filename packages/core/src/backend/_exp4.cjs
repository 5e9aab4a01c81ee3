const factory = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js');
const fs = require('fs'); const path = require('path'); const os = require('os');
const wpath = path.join(os.tmpdir(), 'tfjs-wasm-worker-test.cjs'); fs.writeFileSync(wpath, wasmWorkerContents.replace(/\n/g, '\\n'));
const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'));
const p = factory({ locateFile: (p, prefix) => p.endsWith('.worker.js') ? wpath : prefix + p, onAbort: (e) => console.log('abort', e) });
p.then(m => { console.log('ready', Object.keys(m).length); m.PThread.terminateAllThreads(); }, e => console.log('rej', e));
