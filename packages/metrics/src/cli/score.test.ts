import { describe, expect, test, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScoreCli } from './score.ts';
import { MeteorJar } from '../e2e/meteor/jar.ts';

const dir = mkdtempSync(join(tmpdir(), 'metrics cli '));

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  try {
    return { code: await runScoreCli(argv), out };
  } finally {
    spy.mockRestore();
  }
}

describe('peftbench score', () => {
  const refs = join(dir, 'refs.csv'), hyp = join(dir, 'hyp out.txt');
  writeFileSync(refs, 'mr,ref\n"name[A]","The Eagle is a pub."\n"name[A]","The Eagle is a bar."\n"name[B]","Zizzi is a cheap restaurant."\n');
  writeFileSync(hyp, 'The Eagle is a pub.\nZizzi is a restaurant.\n');

  test('e2e prints the official layout and writes JSON', async () => {
    const json = join(dir, 'scores.json');
    const r = await run(['e2e', '--hyp', hyp, '--refs', refs, '--json', json]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^SCORES:\n==============\nBLEU: \d\.\d{4}\nNIST: \d+\.\d{4}\nMETEOR: \d\.\d{4}\nROUGE_L: \d\.\d{4}\nCIDEr: \d+\.\d{4}\n/);
    const j = JSON.parse(readFileSync(json, 'utf8'));
    expect(j.mrs).toBe(2);
    expect(j.ROUGE_L).toBeGreaterThan(0.8);
  });
  test('e2e --format txt reads the blank-line layout', async () => {
    const txt = join(dir, 'refs.txt');
    writeFileSync(txt, 'The Eagle is a pub.\nThe Eagle is a bar.\n\nZizzi is a cheap restaurant.\n');
    const a = await run(['e2e', '--hyp', hyp, '--refs', refs]);
    const b = await run(['e2e', '--hyp', hyp, '--refs', txt, '--format', 'txt']);
    expect(b.out).toBe(a.out);
  });
  test('clear errors: count mismatch, unreadable file, bad flags', async () => {
    writeFileSync(join(dir, 'one.txt'), 'only one\n');
    await expect(run(['e2e', '--hyp', join(dir, 'one.txt'), '--refs', refs])).rejects.toThrow(/1 system outputs but .* has 2 MRs/);
    await expect(run(['e2e', '--hyp', join(dir, 'nope.txt'), '--refs', refs])).rejects.toThrow(/nope\.txt: cannot read file/);
    await expect(run(['e2e', '--hyp', hyp])).rejects.toThrow(/missing --refs/);
    await expect(run(['e2e', '--hyp', hyp, '--refs', refs, '--bogus'])).rejects.toThrow(/Unknown option '--bogus'/);
    await expect(run(['squad'])).rejects.toThrow(/unknown task 'squad'/);
  });
  test('ner reads conlleval input and prints its report', async () => {
    const f = join(dir, 'ner.txt');
    writeFileSync(f, '-DOCSTART- -X- O O\n\nEU B-ORG B-ORG\nrejects O O\nGerman B-MISC B-LOC\n\nPeter B-PER B-PER\nBlackburn I-PER I-PER\n');
    const r = await run(['ner', '--file', f]);
    expect(r.out.split('\n')[0]).toBe('processed 5 tokens with 3 phrases; found: 3 phrases; correct: 2.');
    writeFileSync(f, 'EU B-ORG\n');
    await expect(run(['ner', '--file', f])).rejects.toThrow(/ner\.txt:1: expected 'token \.\.\. gold predicted'/);
  });
  test('math: JSON lines of completions against an LLM-Adapters test.json', async () => {
    const pred = join(dir, 'pred.jsonl'), data = join(dir, 'test.json');
    writeFileSync(pred, '{"completion": "so the answer is 1,200."}\n{"completion": "I think 7"}\n');
    writeFileSync(data, JSON.stringify([{ instruction: 'q1', answer: '1200.0' }, { instruction: 'q2', answer: '8' }]));
    const r = await run(['math', '--dataset', 'gsm8k', '--pred', pred, '--data', data]);
    expect(r.out).toBe('gsm8k: accuracy 50.00% (1/2)\n');
  });
});

describe('METEOR jar driver (protocol checked with a stand-in for java)', () => {
  // A fake `java` speaking the -stdio protocol: SCORE -> "stats", EVAL -> one score per segment + total.
  const fakeJava = join(dir, 'fake java.mjs');
  writeFileSync(fakeJava, `#!/usr/bin/env node
const jar = process.argv[4];
if (!process.argv.includes('-stdio')) process.exit(3);
if (jar.endsWith('crash.jar')) { process.stderr.write('Exception in thread main'); process.exit(1); }
let buf = '';
process.stdin.on('data', (d) => { buf += d; let i; while ((i = buf.indexOf('\\n')) >= 0) { const line = buf.slice(0, i); buf = buf.slice(i + 1);
  const parts = line.split(' ||| ');
  if (parts[0] === 'SCORE') process.stdout.write(parts.length + '\\n');
  else { const n = parts.length - 1; for (let k = 0; k < n; k++) process.stdout.write('0.' + parts[k + 1] + '\\n'); process.stdout.write('0.5\\n'); } } });
`);
  chmodSync(fakeJava, 0o755);
  const jarWithSpace = join(dir, 'meteor 1.5.jar');
  writeFileSync(jarWithSpace, '');
  test('scores through one process; paths with spaces work', async () => {
    const jar = new MeteorJar(jarWithSpace, fakeJava);
    const r = await jar.score(['a b', 'c'], [['a b', 'x'], ['c']]);
    jar.close();
    expect(r).toEqual({ score: 0.5, segments: [0.4, 0.3] }); // SCORE line had 4 and 3 fields
  });
  test('a crashing jar rejects with its stderr instead of hanging', async () => {
    const crash = join(dir, 'crash.jar');
    writeFileSync(crash, '');
    const jar = new MeteorJar(crash, fakeJava);
    await expect(jar.score(['a'], [['a']])).rejects.toThrow(/exited \(code 1\)[\s\S]*Exception in thread main|broken pipe/);
    jar.close();
  });
  test('missing jar or java are input errors', () => {
    expect(() => new MeteorJar(join(dir, 'none.jar'))).toThrow(/METEOR jar not found/);
  });
});
