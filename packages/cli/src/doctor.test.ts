import { describe, expect, test } from 'vitest';
import { collectFacts, findLibraries, formatFacts, TF_GPU_LIBRARIES, verdict, type DoctorFacts } from './doctor.ts';

describe('peftbench doctor on this machine', () => {
  process.env.PEFTBENCH_OFFLINE = '1'; // no network in tests: the hub line says offline
  test('lists every backend with a reason, the GPU libraries, memory, hub, cache, and a verdict', async () => {
    const facts = await collectFacts();
    const lines = formatFacts(facts);
    const line = await verdict(facts);
    for (const name of ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu', 'webgpu']) expect(lines.some((l) => l.includes(` ${name} `)), name).toBe(true);
    for (const lib of TF_GPU_LIBRARIES) expect(lines.some((l) => l.includes(lib)), lib).toBe(true);
    expect(lines.find((l) => l.startsWith('memory: '))).toMatch(/^memory: \d+\.\d GiB available of \d+\.\d GiB; \d+ CPU cores$/);
    expect(lines.find((l) => l.startsWith('hub: '))).toMatch(/ offline \(PEFTBENCH_OFFLINE/);
    expect(lines.find((l) => l.startsWith('cache: '))).toMatch(/GiB$/);
    expect(line).toMatch(/^this machine can run: quick profiles; RoBERTa-base LoRA at ~\d+ s\/step/);
    if (facts.bestBackend === 'wasm') {
      // no GPU binding here: wasm's 4 GiB heap cannot hold RoBERTa-large weights + gradients + AdamW moments
      expect(lines.find((l) => l.startsWith('wasm: '))).toMatch(/^wasm: SIMD (yes|no), threads \d+/);
      expect(line).toMatch(/; not RoBERTa-large FT \(needs ≥ \d+\.\d GiB; wasm has 3\.6 GiB\)$/);
      // GPT-2 large fits the heap only with one row per pass, recomputation and its frozen weights packed per product
      expect(line).toMatch(/GPT-2 large LoRA at ~\d+ s\/step \(--micro-batch 1 --gradient-checkpointing, frozen weights packed per product\)/);
      const gpuRow = facts.backends.find((b) => b.name === 'tensorflow-gpu')!;
      expect(gpuRow.loads).toBe(false);
      expect(gpuRow.detail).toMatch(/needs CUDA 11\.2 \+ cuDNN 8\.1 libraries: (missing libc|all found)/);
    }
  });

  test('verdict on a made-up 80 GB GPU machine: RoBERTa-large FT fits', async () => {
    const facts: DoctorFacts = {
      backends: [{ name: 'tensorflow-gpu', loads: true, detail: '' }],
      gpuLibraries: [],
      gpu: { name: 'NVIDIA H100', memoryMiB: 81559, driver: '550', computeCap: '9.0' },
      wasm: null,
      memory: { totalBytes: 2 ** 37, availableBytes: 2 ** 37 },
      hub: { url: 'x', state: 'offline', detail: '' },
      cache: { dir: '/c', bytes: 0 },
      matmulGflops: 50_000,
      bestBackend: 'tensorflow-gpu',
      cores: 16,
    };
    const line = await verdict(facts);
    expect(line).toMatch(/RoBERTa-large FT at ~\d+ s\/step/);
    expect(line).not.toMatch(/not RoBERTa/);
  });

  test('finds a library where LD_LIBRARY_PATH points', () => {
    const [found] = findLibraries(['libc.so.6']);
    expect(found.path).toMatch(/libc\.so\.6$/);
    expect(findLibraries(['libdoes-not-exist.so.99'])[0].path).toBeNull();
  });
});
