/**
 * `npx nx run metrics:bench`: score the full E2E test set (630 MRs, 4,693 references) with a made-up
 * template system (one sentence per MR built from its slots) and print the time of each metric.
 * Target from the issue: all five metrics in under 5 s on a 2-core machine.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasShared, sharedDir } from '@peftbench/util';
import { loadReferences } from './io/e2e-files.ts';
import { scoreE2E, formatE2EScores } from './e2e/score.ts';

function templateSystem(mr: string): string {
  const slot = Object.fromEntries([...mr.matchAll(/(\w[\w ]*)\[([^\]]*)\]/g)].map((m) => [m[1].trim(), m[2]]));
  let s = `${slot.name} is a ${slot.eatType ?? 'place'}`;
  if (slot.food) s += ` serving ${slot.food} food`;
  if (slot.area) s += ` in the ${slot.area}`;
  if (slot.near) s += ` near ${slot.near}`;
  s += '.';
  if (slot['customer rating']) s += ` It has a ${slot['customer rating']} customer rating.`;
  if (slot.priceRange) s += ` Prices are ${slot.priceRange}.`;
  if (slot.familyFriendly) s += slot.familyFriendly === 'yes' ? ' It is family-friendly.' : ' It is not family-friendly.';
  return s;
}

// no flags: --help prints the comment above; anything else is refused in one line (not run as the bench)
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^\/\*\*\n?/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}
if (args.length > 0) {
  console.error(`metrics:bench: ${args[0].startsWith('-') ? `unknown option '${args[0]}'` : `unexpected argument '${args[0]}'`} (it takes no options; see --help)`);
  process.exit(2);
}

const file = 'data/e2e/testset_w_refs.csv';
if (!hasShared(file)) {
  console.log(`bench skipped: ${join(sharedDir, file)} not found`);
  process.exit(0);
}
const t0 = performance.now();
const refs = loadReferences(join(sharedDir, file));
const load = performance.now() - t0;
const hyps = refs.mrs.map(templateSystem);
const t1 = performance.now();
const r = scoreE2E(hyps, refs.refs);
const total = performance.now() - t1;
console.log(`E2E test set: ${refs.mrs.length} MRs, ${refs.refs.flat().length} references, template system`);
console.log(formatE2EScores(r));
console.log(`load + group CSV      ${load.toFixed(0).padStart(6)} ms`);
const os = await import('node:os');
console.log(`\n(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores: wall time includes waiting for the CPU)`);
console.log('metric                 wall ms    cpu ms');
let cpuTotal = 0;
for (const [k, v] of Object.entries(r.timings)) {
  if (k.endsWith(':cpu')) continue;
  const cpu = r.timings[`${k}:cpu`];
  cpuTotal += cpu;
  console.log(`${k.padEnd(21)} ${v.toFixed(0).padStart(7)} ${cpu.toFixed(0).padStart(9)}`);
}
console.log(`${'all five metrics'.padEnd(21)} ${total.toFixed(0).padStart(7)} ${cpuTotal.toFixed(0).padStart(9)}   (target < 5000 ms)`);
