import { UserInputError } from '../../../core/user-input-error.js';

/** The quality ground-truth data (`traffic.quality.path`) is missing, unreadable or malformed. */
export class QualityDataError extends UserInputError {
  override readonly name = 'QualityDataError';
  constructor(
    /** The file or folder at fault. */
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: ${detail}`);
  }

  override get userMessage(): string {
    return `quality data: ${this.message}`;
  }
}
