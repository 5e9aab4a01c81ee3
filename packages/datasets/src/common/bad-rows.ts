import { InputError } from '@peftbench/util';

/** One row that did not parse and was skipped (only with `skipBadRows`). */
export interface SkippedRow {
  /** The InputError message: names the file and the line (or record index). */
  message: string;
}

/**
 * Collects parse failures. Without `skip` the first failure is thrown (the default: bad input stops the
 * run); with `skip` (the `--skip-bad-rows` option) each failure is counted and reported at the end.
 */
export class BadRows {
  readonly skipped: SkippedRow[] = [];
  constructor(readonly skip: boolean) {}

  /** Report a failure: throws unless skipping. */
  fail(err: InputError): void {
    if (!this.skip) throw err;
    this.skipped.push({ message: err.message });
  }

  /** Run `parse`; an InputError it throws becomes a skipped row (or is rethrown). */
  attempt<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (err) {
      if (err instanceof InputError) {
        this.fail(err);
        return undefined;
      }
      throw err;
    }
  }
}
