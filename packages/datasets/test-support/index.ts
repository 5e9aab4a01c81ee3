/** Test helpers other packages' tests use (`@peftbench/datasets/testing`): hub parquet fixtures, fake tokenizers. */
export { writeHubFixtures } from './hub-fixtures.ts';
export { CharBertTokenizer, CharGptTokenizer } from './fake-tokenizers.ts';
