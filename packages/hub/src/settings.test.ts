import { describe, expect, test } from 'vitest';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkRepoPath, hubCacheDir, isOffline, parseRepoSpec, repoFolder, resolveHubUrl, snapshotFolder } from './settings.ts';

describe('settings', () => {
  test('hub URL precedence: option > PEFTBENCH_HUB_URL > HF_ENDPOINT > huggingface.co', () => {
    const env = { PEFTBENCH_HUB_URL: 'http://p/', HF_ENDPOINT: 'http://h' };
    expect(resolveHubUrl('http://o//', env)).toBe('http://o');
    expect(resolveHubUrl(undefined, env)).toBe('http://p');
    expect(resolveHubUrl(undefined, { HF_ENDPOINT: 'http://h' })).toBe('http://h');
    expect(resolveHubUrl(undefined, {})).toBe('https://huggingface.co');
  });

  test("offline: option wins, else PEFTBENCH_OFFLINE or HF_HUB_OFFLINE with huggingface_hub's truth values", () => {
    expect(isOffline(false, { PEFTBENCH_OFFLINE: '1' })).toBe(false);
    expect(isOffline(undefined, { PEFTBENCH_OFFLINE: '1' })).toBe(true);
    expect(isOffline(undefined, { HF_HUB_OFFLINE: '1' })).toBe(true);
    expect(isOffline(undefined, { HF_HUB_OFFLINE: 'true' })).toBe(true);
    expect(isOffline(undefined, { HF_HUB_OFFLINE: 'YES' })).toBe(true);
    expect(isOffline(undefined, { PEFTBENCH_OFFLINE: '0' })).toBe(false);
    expect(isOffline(undefined, {})).toBe(false);
  });

  test('cache folder: option > HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE > HF_HOME/hub > XDG_CACHE_HOME/huggingface/hub > ~/.cache/huggingface/hub', () => {
    const keys = ['HF_HUB_CACHE', 'HUGGINGFACE_HUB_CACHE', 'HF_HOME', 'XDG_CACHE_HOME'] as const;
    const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
    const set = (env: Partial<Record<(typeof keys)[number], string>>) => {
      for (const k of keys) delete process.env[k];
      Object.assign(process.env, env);
    };
    try {
      set({ HF_HUB_CACHE: '/a', HUGGINGFACE_HUB_CACHE: '/b', HF_HOME: '/c', XDG_CACHE_HOME: '/d' });
      expect(hubCacheDir('/opt')).toBe('/opt');
      expect(hubCacheDir()).toBe('/a');
      set({ HUGGINGFACE_HUB_CACHE: '/b', HF_HOME: '/c', XDG_CACHE_HOME: '/d' });
      expect(hubCacheDir()).toBe('/b');
      set({ HF_HOME: '/c', XDG_CACHE_HOME: '/d' });
      expect(hubCacheDir()).toBe('/c/hub');
      set({ XDG_CACHE_HOME: '/d' });
      expect(hubCacheDir()).toBe('/d/huggingface/hub');
      set({});
      expect(hubCacheDir()).toBe(join(homedir(), '.cache', 'huggingface', 'hub'));
    } finally {
      set(Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)) as Record<string, string>);
    }
  });

  test('repo folders follow huggingface_hub: models--org--name, datasets--org--name, snapshots/<commit>', () => {
    expect(repoFolder({ repo: 'FacebookAI/roberta-base', repoType: 'model' }, '/c')).toBe('/c/models--FacebookAI--roberta-base');
    expect(repoFolder({ repo: 'gpt2', repoType: 'model' }, '/c')).toBe('/c/models--gpt2');
    expect(snapshotFolder({ repo: 'nyu-mll/glue', repoType: 'dataset' }, 'abc', '/c')).toBe('/c/datasets--nyu-mll--glue/snapshots/abc');
  });

  test('hf:<repo>@<revision> specs', () => {
    expect(parseRepoSpec('hf:FacebookAI/roberta-base')).toEqual({ repo: 'FacebookAI/roberta-base', revision: 'main' });
    expect(parseRepoSpec('hf:o/m@v1.0')).toEqual({ repo: 'o/m', revision: 'v1.0' });
    expect(parseRepoSpec('o/m@refs/pr/3')).toEqual({ repo: 'o/m', revision: 'refs/pr/3' });
    expect(parseRepoSpec(`o/m@${'a'.repeat(40)}`).revision).toBe('a'.repeat(40));
    expect(() => parseRepoSpec('hf:o/m@')).toThrow(/expected <owner\/name>\[@<revision>\]/);
    expect(() => parseRepoSpec('hf:@main')).toThrow(/expected/);
    expect(() => parseRepoSpec('hf:o/m@../x')).toThrow(/invalid revision/);
  });

  test('paths that would leave the cache are refused', () => {
    for (const bad of ['../x', 'a/../../b', '/etc/passwd', 'a//b', '', 'a\\b']) expect(() => checkRepoPath(bad)).toThrow(/invalid path/);
    expect(checkRepoPath('data/train.parquet')).toBe('data/train.parquet');
  });
});
