import { UserInputError } from '../../core/user-input-error.js';

/** A calibration input the user pointed at that cannot be used (missing, wrong format, no usable rows). */
export class CalibrationInputError extends UserInputError {
  override readonly name = 'CalibrationInputError';
  constructor(readonly file: string, detail: string) {
    super(file === '' ? detail : `${file}: ${detail}`);
  }
}
