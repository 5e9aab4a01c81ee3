/** Test helpers: `@peftbench/hub/testing`. */
export { startLoopbackHub, type Fault, type LoopbackHub, type LoopbackHubOptions } from './loopback/server.ts';
export { writePythonStyleCache, type PythonCacheFile } from './python-cache.ts';
