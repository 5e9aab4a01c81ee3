/**
 * Test support (import from '@peftbench/method-lora/testing'): run ../shared/tools/hf-oracle (HF transformers + HF PEFT
 * at pinned commits, on Debian's PyTorch) as an external process to check adapters both ways. Opt-in: tests using it
 * run only with PEFTBENCH_HF_ORACLE=1, the oracle folder present and `/usr/bin/python3 -c "import torch"` working.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '@peftbench/util';

export const ORACLE = join(sharedDir, 'tools/hf-oracle/oracle.py');
export const HF_PEFT_ORACLE_VERSIONS = ['0.7.1', '0.10.0'] as const;

/** Why oracle tests skip, or null when they can run. */
export function hfOracleSkipReason(): string | null {
  if (process.env.PEFTBENCH_HF_ORACLE !== '1') return 'HF PEFT oracle checks are opt-in: set PEFTBENCH_HF_ORACLE=1';
  if (!existsSync(ORACLE)) return `${ORACLE} is absent`;
  if (spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) return "/usr/bin/python3 cannot import torch (run the oracle's setup.sh)";
  return null;
}

/** Run one oracle subcommand; throws with the oracle's one-line error on failure. */
export function runOracle(args: string[]): string {
  try {
    return execFileSync('python3', [ORACLE, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`oracle ${args[0]} failed: ${e.stderr?.trim() || e.stdout?.trim() || e.message}`);
  }
}

/** Write logits per batch in the oracle's layout ({ batches: [{ name, logits }] }) for `oracle.py compare`. */
export function writeLogitsJson(path: string, names: string[], logits: number[][][] | number[][][][]): void {
  writeFileSync(path, JSON.stringify({ batches: names.map((name, i) => ({ name, logits: logits[i] })) }));
}

/** `oracle.py compare` of our logits (expected) against the oracle's file (actual), masked by inputs.json; returns its output. */
export function compareLogits(ours: string, theirs: string, inputs: string, tol = 1e-4, only = 'logits'): { pass: boolean; output: string } {
  const r = spawnSync('python3', [ORACLE, 'compare', '--expected', ours, '--actual', theirs, '--inputs', inputs, '--tol', String(tol), '--only', only], { encoding: 'utf8' });
  return { pass: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}

export function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}
