import { describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBackbone, readManifest, shipBackbone, shippedBackbone } from './index.ts';

function pretrainedFolder(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bb-')), 'tiny-x-0123456789ab');
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), '{"model_type":"roberta"}');
  writeFileSync(join(dir, 'model.safetensors'), Buffer.from([1, 2, 3, 4]));
  writeFileSync(join(dir, 'pretraining.json'), JSON.stringify({ recipe: { name: 'tiny-x' }, corpus: 'demo:abc', steps: 3, finalLoss: 1.5 }));
  return dir;
}

describe('shipped backbones', () => {
  test('ship → found by cache name with its hashes; a changed byte is refused, naming the file', () => {
    const root = mkdtempSync(join(tmpdir(), 'bb-root-'));
    const manifest = join(root, 'manifest.json');
    const entry = shipBackbone(pretrainedFolder(), { root, manifest });
    expect(entry).toMatchObject({ name: 'tiny-x-0123456789ab', recipe: 'tiny-x', corpus: 'demo:abc', steps: 3, bytes: 4 + 24 + 74 });
    expect(readManifest(manifest).backbones).toHaveLength(1);
    expect(shippedBackbone('tiny-x-0123456789ab', { root, manifest })).toBe(join(root, 'tiny-x-0123456789ab'));
    expect(shippedBackbone('tiny-x-ffffffffffff', { root, manifest })).toBeUndefined();
    writeFileSync(join(root, 'tiny-x-0123456789ab', 'model.safetensors'), Buffer.from([1, 2, 3, 5]));
    expect(checkBackbone(entry, root)).toHaveLength(1);
    expect(() => shippedBackbone('tiny-x-0123456789ab', { root, manifest })).toThrow(/tiny-x-0123456789ab is damaged .*model\.safetensors: sha256/);
  });

  test("every backbone this repo ships matches its manifest", () => {
    for (const entry of readManifest().backbones) expect(checkBackbone(entry), entry.name).toEqual([]);
  });
});
