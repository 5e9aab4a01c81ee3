/** Loading the shared E2E fixtures for tests (skips when ../shared is absent). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, sharedDir } from '@peftbench/util';

export const E2E_DIR = 'fixtures/metrics';
export const haveE2E = hasShared(join(E2E_DIR, 'e2e_dev_references.json'));
if (!haveE2E) console.log(`skip: E2E fixtures not found under ${join(sharedDir, E2E_DIR)}`);

export function fixture(name: string): any {
  return JSON.parse(readFileSync(join(sharedDir, E2E_DIR, name), 'utf8'));
}

export const DEV_SYSTEMS = [
  'e2e_dev_a_first_ref_vs_all_refs.json',
  'e2e_dev_c2_loo_swap_adjacent_pairs.json',
  'e2e_dev_c5_loo_constant_output.json',
];
