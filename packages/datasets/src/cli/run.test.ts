import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { hasShared, InputError, sharedDir } from '@peftbench/util';
import { runDataCli } from './run.ts';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await runDataCli(args, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
}

describe('peftbench data inspect', () => {
  test('demo GLUE: sizes, label distribution, three decoded examples, "demo data"', async () => {
    const { code, out } = await run(['inspect', 'glue', '--task', 'sst2', '--seed', '3']);
    expect(code).toBe(0);
    expect(out).toContain('GLUE sst2 — demo data (seeded grammar, seed 3)');
    expect(out).toMatch(/train: 1000 examples; (negative|positive) \d+ \(\d+\.\d%\)/);
    expect(out.match(/^ {6}text {2}"<s>.*<\/s>"$/gm)).toHaveLength(3);
  });

  test.each(['e2e', 'conll', 'math'])('demo %s prints splits and three encoded examples', async (family) => {
    const { code, out } = await run(['inspect', family]);
    expect(code).toBe(0);
    expect(out).toContain('demo data');
    expect(out.match(/^ {2}\[[012]\]/gm)).toHaveLength(3);
  });

  test('usage errors exit 2; bad input throws InputError for the dispatcher (exit 1)', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect((await run(['inspect', 'squad'])).code).toBe(2);
    expect((await run(['inspect', 'glue'])).code).toBe(2);
    expect((await run(['list'])).code).toBe(2);
    expect((await run(['inspect', 'glue', '--bogus'])).code).toBe(2);
    err.mockRestore();
    await expect(run(['inspect', 'e2e', '--data', '/nonexistent/e2e'])).rejects.toThrow(InputError);
    await expect(run(['inspect', 'glue', '--task', 'rte', '--seed', 'x'])).rejects.toThrow(/--seed: expected an integer/);
  });

  test.skipIf(!hasShared('data/glue'))('real RTE folder', async () => {
    const { out } = await run(['inspect', 'glue', '--task', 'rte', '--data', join(sharedDir, 'data', 'glue')]);
    expect(out).toContain('train: 2490 examples; not_entailment 1241 (49.8%), entailment 1249 (50.2%)');
    expect(out).toContain('validation: 277 examples; not_entailment 131 (47.3%), entailment 146 (52.7%)');
  });
});
