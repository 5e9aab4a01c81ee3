/**
 * The command-line cases, spawned (the only way to see exit codes and stack traces): every command answers
 * --help with exit 0 and an unknown flag with one line, exit 2 and no stack; bad flag values; bad sweeps,
 * data and model folders given to a sweep (found before any work: nothing in results/, reports/ or the cache);
 * bad result files given to `reports build`; bad files given to `peftbench score` and `peftbench data inspect`.
 * Each asserts exit ≠ 0, a message naming the file / flag and the place, no stack trace, nothing written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { experimentsCli, reportsCli, tempDir } from '../sweep-helpers.ts';
import { expectNames, expectNoStack, expectUnchanged, pool, runTs, script, snapshot, type CliResult } from './harness.ts';

const peftbench = script('packages/cli/src/main.ts');
const pretrainCli = script('experiments/src/pretrain/cli.ts');
const benches = ['bench/src/core.ts', 'bench/src/generate.ts', 'bench/src/scale.ts', 'packages/metrics/src/bench.ts'].map(script);

/** [label, script, the words before the flag]. */
const commands: [string, string, string[]][] = [
  ...['glue', 'e2e', 'math', 'conll'].map((f): [string, string, string[]] => [`experiments ${f}`, experimentsCli, [f]]),
  ['experiments pretrain', pretrainCli, []],
  ['reports', reportsCli, []],
  ['reports build', reportsCli, ['build']],
  ['peftbench', peftbench, []],
  ...['score', 'score e2e', 'score ner', 'score math', 'data', 'data inspect', 'download', 'cache', 'cache verify', 'cache list', 'convert', 'convert llama2c', 'sweep', 'sweep status']
    .map((c): [string, string, string[]] => [`peftbench ${c}`, peftbench, c.split(' ')]),
  ['bench:bench', benches[0], []],
  ['bench:bench-generate', benches[1], []],
  ['bench:bench-scale', benches[2], []],
  ['metrics:bench', benches[3], []],
];

describe('bad-input: every command answers --help and refuses an unknown flag in one line', async () => {
  const cache = tempDir('cli-cache');
  const env = { PEFTBENCH_CACHE: cache, PEFTBENCH_OFFLINE: '1' };
  // all spawns at once, a few at a time; the assertions below read the results
  const jobs = commands.flatMap(([label, s, words]) => [
    { label, kind: 'help' as const, run: () => runTs(s, [...words, '--help'], { env }) },
    { label, kind: 'bogus' as const, run: () => runTs(s, [...words, '--bogus-flag'], { env }) },
  ]);
  const before = snapshot(cache);
  const results = await pool(jobs, 4, (j) => j.run());
  const byKey = new Map(jobs.map((j, i) => [`${j.label}|${j.kind}`, results[i]]));

  test.each(commands.map((c) => c[0]))('%s --help: exit 0, usage on stdout, nothing on stderr', (label) => {
    const r = byKey.get(`${label}|help`)!;
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().length).toBeGreaterThan(20);
    expect(r.stderr).toBe('');
    expectNoStack(r.stdout);
  });
  test.each(commands.map((c) => c[0]))('%s --bogus-flag: exit 2, one line naming the flag, no stack', (label) => {
    const r = byKey.get(`${label}|bogus`)!;
    expect(r.status, r.stderr + r.stdout).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain('--bogus-flag');
    expectNoStack(r.stderr);
    expect(r.stdout).toBe('');
  });
  test('nothing was written to the cache by --help or a bad flag', () => expectUnchanged(before, snapshot(cache), cache));
});

const fakeRun = script('experiments/src/testing/fake-run.ts');
const sweepText = (over: { data?: string; model?: string } = {}) => `name: cli-bad
family: glue
model: ${over.model ?? 'pretrain:micro-roberta'}
data: ${over.data ?? 'demo'}
protocol: dev
tasks: [rte]
seeds: [1]
hyper: {learningRate: 1.0e-3, batchSize: 8, epochs: 1, maxLength: 32, warmupRatio: 0.0, weightDecay: 0}
methods:
  - name: lora
    config: {r: 4}
`;

interface CliCase {
  name: string;
  /** Files to create under the case folder (null: a folder); `$D` in args is replaced by that folder. */
  files?: Record<string, string | Buffer | null>;
  cli: string;
  args: string[];
  /** What stderr must name; `$D` is the case folder. */
  names: (string | RegExp)[];
  /** One line only (flag errors); multi-problem reports may take more. */
  oneLine?: boolean;
  /** Exit status (default: 1 or 2). */
  status?: number;
}

const rteHeader = 'index\tsentence1\tsentence2\tlabel\n';
const rteGood = `${rteHeader}0\tA cat sat.\tA cat is sitting.\tentailment\n1\tIt rained.\tThe sun shone.\tnot_entailment\n`;
const record = (over: (r: Record<string, any>) => void) => {
  // a valid record of the fake sweep's shape, then edited
  const r: Record<string, any> = JSON.parse(JSON.stringify(validRecord));
  over(r);
  return JSON.stringify(r, null, 2);
};
let validRecord: Record<string, unknown> = {};

const glueArgs = (...extra: string[]) => ['glue', '--results', '$D/results', '--reports', '$D/reports', ...extra];
const cases: CliCase[] = [
  // flag values
  { name: '--workers 0', cli: experimentsCli, args: glueArgs('--workers', '0'), names: ['--workers', "'0'"], oneLine: true, status: 2 },
  { name: '--workers abc', cli: experimentsCli, args: glueArgs('--workers', 'abc'), names: ['--workers', 'abc'], oneLine: true, status: 2 },
  { name: '--workers 99999999999999999999', cli: experimentsCli, args: glueArgs('--workers', '99999999999999999999'), names: ['--workers', '64'], oneLine: true, status: 2 },
  { name: '--limit -1', cli: experimentsCli, args: glueArgs('--limit', '-1'), names: ['--limit'], oneLine: true, status: 2 },
  { name: '--seeds 3..1', cli: experimentsCli, args: glueArgs('--seeds', '3..1'), names: ['--seeds', '3..1'], oneLine: true, status: 2 },
  { name: '--seeds 1,x', cli: experimentsCli, args: glueArgs('--seeds', '1,x'), names: ['--seeds', "'x'"], oneLine: true, status: 2 },
  { name: '--profile huge', cli: experimentsCli, args: glueArgs('--profile', 'huge'), names: ['--profile', 'huge'], oneLine: true, status: 2 },
  { name: '--model roberta', cli: experimentsCli, args: glueArgs('--model', 'roberta'), names: ['--model', 'roberta'], oneLine: true, status: 2 },
  { name: '--tasks mrcp', cli: experimentsCli, args: glueArgs('--tasks', 'mrcp'), names: ['--tasks', 'mrcp'], oneLine: true },
  { name: '--methods lorra', cli: experimentsCli, args: glueArgs('--methods', 'lorra'), names: ['--methods', 'lorra'], oneLine: true },
  { name: '--data a missing folder', cli: experimentsCli, args: glueArgs('--data', '$D/nope'), names: ['--data', '$D/nope'], oneLine: true },
  { name: '--sweep without a value', cli: experimentsCli, args: ['glue', '--sweep'], names: ['--sweep'], oneLine: true, status: 2 },
  // paths of the wrong kind
  { name: '--results is a file', files: { 'results': 'x', 's.yaml': sweepText() }, cli: experimentsCli, args: ['glue', '--sweep', '$D/s.yaml', '--results', '$D/results'], names: ['--results', '$D/results', 'is a file'], oneLine: true },
  { name: '--reports is a file', files: { 'reports': 'x', 's.yaml': sweepText() }, cli: experimentsCli, args: ['glue', '--sweep', '$D/s.yaml', '--results', '$D/results', '--reports', '$D/reports'], names: ['--reports', 'is a file'], oneLine: true },
  { name: '--sweep is a directory', files: { 'adir.yaml': null }, cli: experimentsCli, args: glueArgs('--sweep', '$D/adir.yaml'), names: ['$D/adir.yaml', 'folder'], oneLine: true },
  { name: '--sweep does not exist', cli: experimentsCli, args: glueArgs('--sweep', '$D/none.yaml'), names: ['$D/none.yaml', 'not found'], oneLine: true },
  // sweep files through the CLI
  { name: 'sweep YAML alias bomb', files: { 's.yaml': `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n${sweepText()}` }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml'), names: ['$D/s.yaml', /alias/i], oneLine: true },
  { name: 'sweep with invalid UTF-8 in description', files: { 's.yaml': Buffer.concat([Buffer.from('description: caf'), Buffer.from([0xe9, 0xff]), Buffer.from(`\n${sweepText()}`)]) }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml'), names: ['$D/s.yaml:1', 'UTF-8'], oneLine: true },
  { name: 'sweep with an unknown key', files: { 's.yaml': sweepText().replace('protocol: dev', 'protocol: dev\nprotocl: dev') }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml'), names: ['$D/s.yaml:6', '[protocl]'], oneLine: true },
  { name: 'sweep with lora r: -4', files: { 's.yaml': sweepText().replace('{r: 4}', '{r: -4}') }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml'), names: ['$D/s.yaml:11', '[methods[0].config.r]'], oneLine: true },
  // data and model folders: found before any work (no pretraining, nothing in the cache)
  ...([
    ['an out-of-range label', `${rteHeader}0\tA.\tB.\tentailment\n1\tC.\tD.\tmaybe\n`, ['$D/glue/RTE/train.tsv:3', 'maybe']],
    ['an extra column', `${rteHeader}0\tA.\tB.\tentailment\textra\n`, ['$D/glue/RTE/train.tsv:2', /column|field/]],
    ['header only', rteHeader, ['$D/glue/RTE/train.tsv', 'empty']],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`${rteHeader}0\tA`), Buffer.from([0xe9]), Buffer.from('.\tB.\tentailment\n')]), ['$D/glue/RTE/train.tsv:2', 'UTF-8']],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x00]), ['$D/glue/RTE/train.tsv:1', /UTF-8|binary/]],
  ] as const).map(([what, train, names]): CliCase => ({
    name: `GLUE train.tsv with ${what} (before any work)`, files: { 'glue/RTE/train.tsv': train, 'glue/RTE/dev.tsv': rteGood, 's.yaml': sweepText({ data: '{folder: ./glue}' }) },
    cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml'), names: [...names],
  })),
  { name: 'GLUE folder without dev.tsv (before any work)', files: { 'glue/RTE/train.tsv': rteGood, 's.yaml': sweepText({ data: '{folder: ./glue}' }) }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml'), names: ['$D/glue/RTE/dev.tsv', 'missing'] },
  { name: '--data folder with a bad train.tsv (before any work)', files: { 'glue/RTE/train.tsv': `${rteHeader}0\tA.\tB.\t7\n`, 'glue/RTE/dev.tsv': rteGood, 's.yaml': sweepText() }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml', '--data', '$D/glue'), names: ['$D/glue/RTE/train.tsv:2', 'label'] },
  { name: 'local model folder with config.json missing hidden_size (before any work)', files: { 'm/config.json': JSON.stringify({ model_type: 'roberta', vocab_size: 40, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 8, max_position_embeddings: 20 }), 'm/model.safetensors': Buffer.alloc(16), 's.yaml': sweepText({ model: 'local:./m' }) }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml', '--model', 'local:$D/m'), names: ['$D/m/config.json', '[hidden_size]'] },
  { name: 'local model folder with a tokenizer.json of the wrong shape (before any work)', files: { 'm/config.json': JSON.stringify({ model_type: 'roberta', vocab_size: 40, hidden_size: 4, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 8, max_position_embeddings: 20 }), 'm/model.safetensors': Buffer.alloc(16), 'm/tokenizer.json': JSON.stringify({ model: { type: 'WordLevel', vocab: ['a'] } }), 's.yaml': sweepText() }, cli: experimentsCli, args: glueArgs('--sweep', '$D/s.yaml', '--model', 'local:$D/m'), names: ['$D/m/tokenizer.json', '[model.vocab]'] },
  // reports build on bad result files
  ...([
    ['truncated', () => JSON.stringify(validRecord).slice(0, 200), /not valid JSON|truncated/],
    ['empty', () => '', /empty/],
    ['holding NaN', () => JSON.stringify(validRecord, null, 2).replace(/"value": [0-9.]+/, '"value": NaN'), /JSON|NaN/],
    ['with an edited spec (hash no longer matches)', () => record((r) => (r.spec.seed = 7)), /hash/],
    ['with best.value "high"', () => record((r) => (r.result.best.value = 'high')), /best\.value/],
    ['with an unknown status', () => record((r) => (r.result.status = 'great')), /status/],
  ] as const).map(([what, text, reason]): CliCase => ({
    name: `reports build: a result file ${what}`,
    files: { 'results/fi/$ID.json': '$TEXT' },
    cli: reportsCli, args: ['build', '--results', '$D/results', '--out', '$D/reports', '--no-charts', '--no-site'],
    names: ['$ID.json', reason], status: 1,
    ...({ text } as object),
  })),
  { name: 'reports build: --results is a file', files: { results: 'x' }, cli: reportsCli, args: ['build', '--results', '$D/results', '--out', '$D/reports', '--no-charts', '--no-site'], names: ['$D/results'] },
  // peftbench score / data inspect
  { name: 'score math: a bad JSON line (line counted with blank lines)', files: { 'pred.jsonl': '{"completion": "5"}\n\n{"completion": 5\n', 'test.json': JSON.stringify([{ instruction: 'q', input: '', output: 'a', answer: '5' }, { instruction: 'q', input: '', output: 'a', answer: '5' }]) }, cli: peftbench, args: ['score', 'math', '--dataset', 'gsm8k', '--pred', '$D/pred.jsonl', '--data', '$D/test.json'], names: ['$D/pred.jsonl:3'] },
  { name: 'score e2e: hypotheses with invalid UTF-8', files: { 'hyp.txt': Buffer.concat([Buffer.from('A pub.\nB '), Buffer.from([0xe9]), Buffer.from('\n')]), 'refs.csv': 'mr,ref\n"name[A]","A pub."\n"name[B]","B pub."\n' }, cli: peftbench, args: ['score', 'e2e', '--hyp', '$D/hyp.txt', '--refs', '$D/refs.csv'], names: ['$D/hyp.txt:2', 'UTF-8'] },
  { name: 'score ner: a line with one field', files: { 'ner.txt': 'EU B-ORG B-ORG\nrejects\n' }, cli: peftbench, args: ['score', 'ner', '--file', '$D/ner.txt'], names: ['$D/ner.txt:2'] },
  { name: 'data inspect glue: out-of-range label', files: { 'glue/RTE/train.tsv': `${rteHeader}0\tA.\tB.\tmaybe\n`, 'glue/RTE/dev.tsv': rteGood }, cli: peftbench, args: ['data', 'inspect', 'glue', '--task', 'rte', '--data', '$D/glue'], names: ['$D/glue/RTE/train.tsv:2', 'maybe'] },
];

describe('bad-input: command line, sweeps, folders, result files', async () => {
  const root = tempDir('cli-bad');
  const cache = tempDir('cli-bad-cache');
  // one valid result record of the fake sweep, to corrupt (written by a real run of the fake)
  {
    const d = join(root, '_valid');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 's.yaml'), `${sweepText()}runModule: ${fakeRun}#fakeRun\n`.replace('name: cli-bad', 'name: fi'));
    const r = await runTs(experimentsCli, ['glue', '--sweep', join(d, 's.yaml'), '--results', join(d, 'results'), '--no-report'], { env: { PEFTBENCH_CACHE: cache } });
    if (r.status !== 0) throw new Error(`could not make a valid record: ${r.stderr}`);
    const { readdirSync, readFileSync } = await import('node:fs');
    const f = readdirSync(join(d, 'results', 'fi')).find((x) => x.endsWith('.json') && !x.startsWith('_'))!;
    validRecord = JSON.parse(readFileSync(join(d, 'results', 'fi', f), 'utf8'));
  }
  const id = String(validRecord.id);
  const prepared = cases.map((c, i) => {
    const D = join(root, `${i}`);
    mkdirSync(D, { recursive: true });
    const sub = (s: string) => s.replaceAll('$D', D).replaceAll('$ID', id);
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const p = join(D, sub(name));
      if (content === null) mkdirSync(p, { recursive: true });
      else {
        mkdirSync(join(p, '..'), { recursive: true });
        writeFileSync(p, content === '$TEXT' ? (c as unknown as { text: () => string }).text() : typeof content === 'string' ? sub(content) : content);
      }
    }
    return { c, D, args: c.args.map(sub), names: c.names.map((n) => (typeof n === 'string' ? sub(n) : n)) };
  });
  const before = prepared.map((p) => snapshot(p.D));
  const cacheBefore = snapshot(cache);
  const results: CliResult[] = await pool(prepared, 4, (p) => runTs(p.c.cli, p.args, { env: { PEFTBENCH_CACHE: cache, PEFTBENCH_OFFLINE: '1' } }));

  test.each(prepared.map((p, i) => [p.c.name, i] as const))('%s', (_name, i) => {
    const { c, D, names } = prepared[i];
    const r = results[i];
    const all = r.stderr + r.stdout;
    if (c.status !== undefined) expect(r.status, all).toBe(c.status);
    else expect([1, 2], all).toContain(r.status);
    expectNames(r.stderr, names);
    expectNoStack(all);
    if (c.oneLine) expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    // nothing written: no results, reports or logs in the case folder (reports build may list, not write)
    expectUnchanged(before[i], snapshot(D), D);
  });
  test('nothing was written to the cache (no pretraining started on a bad folder)', () => expectUnchanged(cacheBefore, snapshot(cache), cache));
});
