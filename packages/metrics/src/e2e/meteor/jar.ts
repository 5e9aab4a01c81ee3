/**
 * The official METEOR 1.5 jar as pycocoevalcap drives it: one long-lived `java -jar meteor-1.5.jar - -
 * -stdio -l en -norm` process; per segment a `SCORE ||| ref1 ||| ... ||| hyp` line answered by a
 * statistics line, then one `EVAL ||| stats ||| ...` line answered by one score per segment and the
 * corpus score. Arguments are passed as an array (paths with spaces work); a process that dies or
 * closes its pipe rejects every pending request with the jar's stderr instead of hanging.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InputError } from '@peftbench/util';

export class MeteorJar {
  private proc: ChildProcessWithoutNullStreams;
  private buffer = '';
  private stderr = '';
  private waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(jarPath: string, javaCommand = 'java') {
    if (!existsSync(jarPath)) throw new InputError(`${jarPath}: METEOR jar not found`);
    this.proc = spawn(javaCommand, ['-jar', '-Xmx2G', jarPath, '-', '-', '-stdio', '-l', 'en', '-norm'], { stdio: 'pipe' });
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.resolve(line);
      }
    });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (c: string) => { this.stderr = (this.stderr + c).slice(-4000); });
    const fail = (why: string) => {
      this.failure ??= new InputError(`METEOR jar ${jarPath}: ${why}${this.stderr ? `\n${this.stderr.trim()}` : ''}`);
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    this.proc.on('error', (err) => fail(`cannot start '${javaCommand}' (${(err as NodeJS.ErrnoException).code ?? err.message})`));
    this.proc.on('exit', (code, signal) => fail(`process exited (${signal ?? `code ${code}`})`));
    this.proc.stdin.on('error', (err) => fail(`broken pipe (${(err as NodeJS.ErrnoException).code ?? err.message})`));
  }

  private request(line: string, answers: number): Promise<string[]> {
    if (this.failure) return Promise.reject(this.failure);
    const promises = Array.from({ length: answers }, () => new Promise<string>((resolve, reject) => this.waiting.push({ resolve, reject })));
    this.proc.stdin.write(`${line}\n`);
    return Promise.all(promises);
  }

  /** Scores PTB-tokenised text; the corpus score comes from the jar's aggregated statistics. */
  async score(hyps: readonly string[], refs: readonly (readonly string[])[]): Promise<{ score: number; segments: number[] }> {
    const clean = (s: string) => s.replace(/\|\|\|/g, '').replace(/ {2}/g, ' ');
    const stats: string[] = [];
    for (let i = 0; i < hyps.length; i++) {
      const [line] = await this.request(['SCORE', ...refs[i].map(clean), clean(hyps[i])].join(' ||| '), 1);
      stats.push(line);
    }
    const lines = await this.request(['EVAL', ...stats].join(' ||| '), hyps.length + 1);
    const numbers = lines.map(Number);
    if (numbers.some(Number.isNaN)) throw new InputError(`METEOR jar: unexpected output '${lines.find((l) => Number.isNaN(Number(l)))}'`);
    return { score: numbers[hyps.length], segments: numbers.slice(0, hyps.length) };
  }

  close(): void {
    if (this.proc.exitCode === null) {
      this.proc.stdin.end();
      this.proc.kill();
    }
  }
}
