import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { at } from '@peftbench/util';
import { BadRows } from '../common/bad-rows.ts';
import { hubParquetRows } from '../common/hub.ts';
import { describeSource, type DataSource } from '../common/source.ts';
import { readTextFile } from '../common/text-file.ts';
import { demoConllSentences } from './demo.ts';
import { CHUNK_LABELS, NER_LABELS, POS_LABELS } from './labels.ts';
import { parseConll, type ConllParseOptions } from './parse.ts';
import type { ConllData, ConllSentence } from './types.ts';

/** Folder layout: train.txt, valid.txt, test.txt (eng.train / eng.testa / eng.testb also accepted). */
export const CONLL_FILES: Record<string, string[]> = {
  train: ['train.txt', 'eng.train'],
  validation: ['valid.txt', 'eng.testa'],
  test: ['test.txt', 'eng.testb'],
};

/** Hub: eriktks/conll2003 parquet conversion, `conll2003/<split>/0000.parquet`, ClassLabel id columns. */
export const CONLL_HUB = { repo: 'eriktks/conll2003', revision: 'refs/convert/parquet', path: (split: string) => `conll2003/${split}/0000.parquet` };

export interface LoadConllOptions extends ConllParseOptions {
  source: DataSource;
  skipBadRows?: boolean;
  splits?: string[];
}

export async function loadConll(opts: LoadConllOptions): Promise<ConllData> {
  const bad = new BadRows(opts.skipBadRows ?? false);
  const src = opts.source;
  const splits: Record<string, ConllSentence[]> = {};
  for (const split of opts.splits ?? ['train', 'validation', 'test']) {
    let sentences: ConllSentence[];
    let where: string;
    if (src.kind === 'folder') {
      const names = CONLL_FILES[split];
      if (!names) throw at(src.dir, split, `unknown CoNLL split (known: ${Object.keys(CONLL_FILES).join(', ')})`);
      if (!existsSync(src.dir)) throw at(src.dir, undefined, 'CoNLL-2003 data folder not found');
      const name = names.find((n) => existsSync(join(src.dir, n))) ?? names[0];
      where = join(src.dir, name);
      sentences = parseConll(readTextFile(where), where, bad, opts);
    } else if (src.kind === 'hub') {
      const { file, rows } = await hubParquetRows({
        repo: src.repo ?? CONLL_HUB.repo, revision: src.revision ?? CONLL_HUB.revision, path: CONLL_HUB.path(split), hubUrl: src.hubUrl, cacheDir: src.cacheDir,
      });
      where = file;
      sentences = rowsToSentences(rows, file, bad);
    } else {
      where = describeSource(src);
      const train = src.size ?? 400;
      sentences = demoConllSentences(src.seed ?? 0, split, split === 'train' ? train : Math.max(40, Math.round(train * 0.25)));
    }
    if (sentences.length === 0) throw at(where, split, 'split is empty');
    splits[split] = sentences;
  }
  return { splits, labelNames: NER_LABELS, skipped: bad.skipped, source: describeSource(src, CONLL_HUB), isDemo: src.kind === 'demo' };
}

function rowsToSentences(rows: Record<string, unknown>[], file: string, bad: BadRows): ConllSentence[] {
  const out: ConllSentence[] = [];
  rows.forEach((row, i) => {
    const s = bad.attempt((): ConllSentence => {
      const place = `record ${i}`;
      const tokens = row.tokens;
      if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string')) throw at(file, place, "field 'tokens' is missing or not a list of strings");
      const names = (key: string, labels: string[]) => {
        const ids = row[key];
        if (!Array.isArray(ids) || ids.length !== tokens.length) throw at(file, place, `field '${key}' is missing or not one id per token`);
        return ids.map((id) => {
          if (typeof id !== 'number' || !(id >= 0 && id < labels.length)) throw at(file, place, `${key} id ${String(id)} is outside the label set (0..${labels.length - 1})`);
          return labels[id];
        });
      };
      const ner = names('ner_tags', NER_LABELS);
      return { tokens, pos: names('pos_tags', POS_LABELS), chunk: names('chunk_tags', CHUNK_LABELS), ner, nerIds: ner.map((t) => NER_LABELS.indexOf(t)), doc: 0, idx: out.length };
    });
    if (s) out.push(s);
  });
  return out;
}
