import type { DataSource } from '../common/source.ts';
import { loadGlue } from '../glue/load.ts';
import { glueEncode } from '../glue/encode.ts';
import { loadE2e } from '../e2e/load.ts';
import { e2eEncode } from '../e2e/encode.ts';
import { parseMr } from '../e2e/mr.ts';
import { loadConll } from '../conll/load.ts';
import { conllEncode } from '../conll/encode.ts';
import { spans } from '../conll/iob.ts';
import { loadMath } from '../math/load.ts';
import { mathEncodeTrain } from '../math/encode.ts';
import type { SkippedRow } from '../common/bad-rows.ts';
import { countBy, formatCounts, oneLine, summary } from './stats.ts';
import { inspectTokenizer } from './tokenizer-choice.ts';

export interface InspectOptions {
  source: DataSource;
  task?: string;
  skipBadRows: boolean;
  tokenizer?: string;
  maxLength: number;
  /** GLUE: split file overrides (split -> file inside the task folder). */
  files?: Record<string, string>;
}

type Print = (line: string) => void;

function printSkipped(print: Print, skipped: SkippedRow[]): void {
  if (skipped.length === 0) return;
  print(`skipped rows: ${skipped.length}`);
  for (const s of skipped.slice(0, 10)) print(`  ${s.message}`);
  if (skipped.length > 10) print(`  ... and ${skipped.length - 10} more`);
}

export async function inspectGlue(o: InspectOptions, print: Print): Promise<void> {
  const d = await loadGlue(o.task!, { source: o.source, skipBadRows: o.skipBadRows, files: o.files });
  print(`GLUE ${d.task} — ${d.source}`);
  print(`labels: ${d.isRegression ? 'regression score in [0, 5]' : d.labelNames.map((n, i) => `${i}=${n}`).join(', ')}; text fields: ${d.textFields.join(', ')}`);
  for (const [name, ex] of Object.entries(d.splits)) {
    if (name === 'validation' && d.splits.validation_matched) continue; // MNLI alias
    const labeled = ex.filter((e) => e.label !== -1);
    const dist = d.isRegression ? `scores ${summary(labeled.map((e) => e.label))}` : formatCounts(countBy(labeled, (e) => d.labelNames[e.label] ?? String(e.label)));
    print(`  ${name}: ${ex.length} examples; ${labeled.length < ex.length ? `unlabeled ${ex.length - labeled.length}; ` : ''}${dist}`);
  }
  printSkipped(print, d.skipped);
  const { tokenizer, name } = await inspectTokenizer(o.tokenizer, 'roberta');
  const enc = glueEncode(d.splits.train.slice(0, 3), tokenizer, { maxLength: o.maxLength });
  print(`three encoded train examples (${name}, max length ${o.maxLength}):`);
  enc.forEach((e, i) => {
    print(`  [${i}] label ${d.isRegression ? e.label : `${e.label} (${d.labelNames[e.label]})`}, ${e.inputIds.length} tokens${e.truncated ? ' (truncated)' : ''}`);
    print(`      ids   ${e.inputIds.slice(0, 24).join(' ')}${e.inputIds.length > 24 ? ' …' : ''}`);
    print(`      text  ${oneLine(tokenizer.decode(e.inputIds))}`);
  });
}

export async function inspectE2e(o: InspectOptions, print: Print): Promise<void> {
  const d = await loadE2e({ source: o.source, skipBadRows: o.skipBadRows });
  print(`E2E NLG — ${d.source}`);
  for (const [name, s] of Object.entries(d.splits)) print(`  ${name}: ${s.groups.length} MRs, ${s.pairs.length} (mr, ref) pairs; refs per MR ${summary(s.groups.map((g) => g.refs.length))}`);
  const first = Object.values(d.splits)[0];
  const slots = first.groups.map((g) => parseMr(g.mr));
  print(`slots per MR: ${summary(slots.map((s) => s.length))}`);
  print(`slot frequency: ${formatCounts(countBy(slots.flat(), (s) => s.slot), slots.length)}`);
  printSkipped(print, d.skipped);
  const { tokenizer, name } = await inspectTokenizer(o.tokenizer, 'gpt2');
  const enc = e2eEncode(first.pairs.slice(0, 3), tokenizer, { mrFormat: 'table' });
  print(`three encoded pairs (${name}, IT-Tuning MR form, source ≤ 64, target ≤ 100; loss on the target):`);
  enc.forEach((e, i) => {
    print(`  [${i}] ${e.sourceLength} source + ${e.insertLength} inserted + ${e.targetLength} target tokens`);
    print(`      input   ${oneLine(tokenizer.decode(e.inputIds))}`);
    print(`      labeled ${oneLine(tokenizer.decode(e.label.filter((l) => l >= 0)))}`);
  });
}

export async function inspectConll(o: InspectOptions, print: Print): Promise<void> {
  const d = await loadConll({ source: o.source, skipBadRows: o.skipBadRows });
  print(`CoNLL-2003 NER — ${d.source}`);
  print(`labels: ${d.labelNames.map((n, i) => `${i}=${n}`).join(', ')}`);
  for (const [name, s] of Object.entries(d.splits)) {
    const ents = countBy(s.flatMap((x) => spans(x.ner)), ([t]) => t);
    print(`  ${name}: ${s.length} sentences, ${s.reduce((n, x) => n + x.tokens.length, 0)} tokens; entities ${formatCounts(ents)}`);
  }
  printSkipped(print, d.skipped);
  const { tokenizer, name } = await inspectTokenizer(o.tokenizer, 'roberta');
  const sents = d.splits.train ?? Object.values(d.splits)[0];
  const enc = conllEncode(sents.slice(0, 3), tokenizer, { maxLength: o.maxLength });
  print(`three encoded sentences (${name}; label on each word's first sub-token):`);
  enc.forEach((e, i) => {
    print(`  [${i}] ${e.inputIds.length} tokens for ${e.numWords} words`);
    print(`      text    ${oneLine(tokenizer.decode(e.inputIds))}`);
    const s = sents[i];
    const words = e.label.map((l, p) => (l >= 0 ? `${s.tokens[e.wordIndex[p]]}/${d.labelNames[l]}` : '')).filter(Boolean);
    print(`      labeled ${words.join(' ')}`);
  });
}

export async function inspectMath(o: InspectOptions, print: Print): Promise<void> {
  const d = await loadMath({ source: o.source, skipBadRows: o.skipBadRows });
  print(`Math (Math10K + eval sets) — ${d.source}`);
  print(`  train (Math10K): ${d.train ? `${d.train.length} records` : 'absent (math_10k.json not found)'}`);
  for (const [name, recs] of Object.entries(d.eval)) {
    const letters = recs.filter((r) => /^[A-E]$/.test(r.answer.trim())).length;
    print(`  ${name}: ${recs.length} records; answers ${letters === recs.length ? 'letters A-E' : `numeric (${summary(recs.map((r) => Number(r.answer.replace(/,/g, ''))).filter(Number.isFinite))})`}`);
  }
  printSkipped(print, d.skipped);
  const { tokenizer, name } = await inspectTokenizer(o.tokenizer, 'gpt2');
  const recs = d.train ?? Object.values(d.eval)[0];
  const enc = mathEncodeTrain(recs.slice(0, 3), tokenizer);
  print(`three encoded ${d.train ? 'training' : 'evaluation'} records (${name}, LLM-Adapters template, cutoff 256, loss on the response):`);
  enc.forEach((e, i) => {
    print(`  [${i}] ${e.inputIds.length} tokens, prompt ${e.promptLength}`);
    print(`      input   ${oneLine(tokenizer.decode(e.inputIds), 600)}`);
    print(`      labeled ${oneLine(tokenizer.decode(e.label.filter((l) => l >= 0)))}`);
  });
}

