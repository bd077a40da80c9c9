import { UserInputError } from '../../core/user-input-error.js';

/** Errors of the lab worker pool: a job failed inside a worker, or a worker could not run at all. */
export class LabWorkerError extends Error {
  override readonly name = 'LabWorkerError';
}

/**
 * A user mistake detected inside a worker (a malformed trace row, a missing data file…):
 * error objects cross threads as plain data, so the worker sends the error's `userMessage`
 * and it is rethrown here as this class, which the CLI reports with exit code 2 exactly as
 * it would have reported the original in the main thread.
 */
export class WorkerUserError extends UserInputError {
  override readonly name = 'WorkerUserError';
}
