export * from './mteval-tokenize.ts';
export * from './bleu-nist.ts';
export * from './rouge-l.ts';
export * from './cider.ts';
export * from './ptb-tokenize.ts';
export * from './meteor/index.ts';
export * from './score.ts';
