/** Errors of the lab worker pool: a job failed inside a worker, or a worker could not run at all. */
export class LabWorkerError extends Error {
  override readonly name = 'LabWorkerError';
}

/**
 * A user mistake detected inside a worker (a malformed trace row, a missing data file…):
 * error objects cross threads as plain data, so the class is rebuilt here by name and the
 * CLI reports the message with exit code 2, exactly as without workers.
 */
export class WorkerUserError extends Error {
  override readonly name = 'WorkerUserError';
}

/** Names of the error classes the CLI treats as user mistakes when thrown during a run. */
export const USER_ERROR_NAMES: ReadonlySet<string> = new Set([
  'TraceRowError', 'TraceFileError', 'ServegenDataError', 'QualityDataError', 'ScenarioError',
  'UnknownStrategyError', 'StrategyParamsError', 'FallbackConfigError', 'EventBudgetError', 'UsageError',
]);
