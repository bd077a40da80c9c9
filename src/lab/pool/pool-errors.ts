/** Errors of the lab worker pool: a job failed inside a worker, or a worker could not run at all. */
export class LabWorkerError extends Error {
  override readonly name = 'LabWorkerError';
}
