import { UserInputError } from '../../core/user-input-error.js';

/** A request log calibration cannot read: names the file, the line and the field. */
export class LogFormatError extends UserInputError {
  override readonly name = 'LogFormatError';
  constructor(readonly file: string, readonly line: number | undefined, detail: string) {
    super(line === undefined ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
  }
}
