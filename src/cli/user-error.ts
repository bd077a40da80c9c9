import { UserInputError } from '../core/user-input-error.js';

/** A mistake in what the user asked for on the command line: message only, exit code 2. */
export class UsageError extends UserInputError {
  override readonly name = 'UsageError';
}

/**
 * A module of routesim or of a dependency is missing (dist/ half built, node_modules not
 * installed): not a bug to report but an installation to repair. Commands load their code on
 * demand, so this can surface after startup; bin/routesim.js says the same before it.
 */
function isMissingModule(e: unknown): e is Error {
  return e instanceof Error && (e as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
}

/** Turns any thrown value into (message, exit code): user errors → 2 without a stack trace. */
export function describeFailure(e: unknown): { message: string; exitCode: number } {
  if (e instanceof UserInputError) return { message: e.userMessage, exitCode: 2 };
  if (isMissingModule(e)) {
    return { message: `the installation is incomplete (${e.message.split('\n')[0]}); run 'npm ci' in the routesim checkout, or reinstall the package`, exitCode: 1 };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `internal error (please report): ${err.stack ?? err.message}`, exitCode: 1 };
}
