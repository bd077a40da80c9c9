import { UserInputError } from '../core/user-input-error.js';

/** Errors of the strategy lab. LabUsageErrors are user mistakes: the CLI shows the message, exit 2. */

/** Something the user asked for cannot be done as asked (unknown baseline, bad --set, ...). */
export class LabUsageError extends UserInputError {
  override readonly name: string = 'LabUsageError';
}

/** A `--set path=values` argument that is malformed or names a setting the scenario cannot have. */
export class SweepSetError extends LabUsageError {
  override readonly name = 'SweepSetError';
  constructor(readonly setting: string, message: string) {
    super(`--set ${setting}: ${message}`);
  }
}

/** A results directory whose summary.json is missing, unreadable or of another schema version. */
export class ResultsFormatError extends LabUsageError {
  override readonly name = 'ResultsFormatError';
}

/** The run was asked to stop (Ctrl-C) before it finished; nothing was written. */
export class LabStoppedError extends Error {
  override readonly name = 'LabStoppedError';
  constructor(readonly completedRuns: number, readonly totalRuns: number) {
    super(`stopped after ${completedRuns} of ${totalRuns} runs; no results were written`);
  }
}
