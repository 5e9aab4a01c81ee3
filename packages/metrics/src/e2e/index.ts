export * from './mteval-tokenize.ts';
export * from './bleu-nist.ts';
export * from './rouge-l.ts';
export * from './cider.ts';
