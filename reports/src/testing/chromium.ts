import { spawnSync } from 'node:child_process';

/** The headless browser the HTML-report tests use: $PEFTBENCH_CHROMIUM, else chromium / chromium-browser / google-chrome on PATH; null when none. */
export function findChromium(): string | null {
  for (const name of [process.env.PEFTBENCH_CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome']) {
    if (!name) continue;
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}
