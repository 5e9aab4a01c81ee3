/** Test helpers: `@peftbench/hub/testing`. */
export { startLoopbackHub, type LoopbackHub, type LoopbackHubOptions } from './loopback/server.ts';
