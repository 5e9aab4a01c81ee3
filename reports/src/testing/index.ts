/** Test helpers shared with other packages' tests (`@peftbench/reports/testing`). */
export { findChromium } from './chromium.ts';
export { makeRecord, TEST_METHODS } from './records.ts';
