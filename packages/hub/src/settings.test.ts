import { describe, expect, test } from 'vitest';
import { checkRepoPath, isOffline, repoCacheFolder, resolveHubUrl } from './settings.ts';

describe('settings', () => {
  test('hub URL precedence: option > PEFTBENCH_HUB_URL > HF_ENDPOINT > huggingface.co', () => {
    const env = { PEFTBENCH_HUB_URL: 'http://p/', HF_ENDPOINT: 'http://h' };
    expect(resolveHubUrl('http://o//', env)).toBe('http://o');
    expect(resolveHubUrl(undefined, env)).toBe('http://p');
    expect(resolveHubUrl(undefined, { HF_ENDPOINT: 'http://h' })).toBe('http://h');
    expect(resolveHubUrl(undefined, {})).toBe('https://huggingface.co');
  });

  test('offline: option wins, else PEFTBENCH_OFFLINE=1 or HF_HUB_OFFLINE=1', () => {
    expect(isOffline(false, { PEFTBENCH_OFFLINE: '1' })).toBe(false);
    expect(isOffline(undefined, { PEFTBENCH_OFFLINE: '1' })).toBe(true);
    expect(isOffline(undefined, { HF_HUB_OFFLINE: '1' })).toBe(true);
    expect(isOffline(undefined, { PEFTBENCH_OFFLINE: '0' })).toBe(false);
  });

  test('paths that would leave the cache are refused', () => {
    for (const bad of ['../x', 'a/../../b', '/etc/passwd', 'a//b', '', 'a\\b']) expect(() => checkRepoPath(bad)).toThrow(/invalid path/);
    expect(checkRepoPath('data/train.parquet')).toBe('data/train.parquet');
  });

  test('revisions with slashes stay one folder', () => {
    expect(repoCacheFolder({ repo: 'o/m', repoType: 'model', revision: 'refs/pr/1' }, '/c')).toBe('/c/hub/models/o/m/refs%2Fpr%2F1');
  });
});
