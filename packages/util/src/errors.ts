/**
 * An error caused by the user's input (a file, a config, a flag). Its message names the place: file,
 * line, key or tensor. CLIs print the message without a stack trace and exit non-zero.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** "file:line: message" / "file [key]: message": the two shapes every InputError message takes. */
export function at(file: string, place: string | number | undefined, message: string): InputError {
  if (place === undefined) return new InputError(`${file}: ${message}`);
  return new InputError(typeof place === 'number' ? `${file}:${place}: ${message}` : `${file} [${place}]: ${message}`);
}
