import { UserInputError } from '../../../core/user-input-error.js';

/** ServeGen statistics that cannot be used (missing files, malformed numbers or PMFs). */
export class ServegenDataError extends UserInputError {
  override readonly name = 'ServegenDataError';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}
