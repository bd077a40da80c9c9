import { UserInputError } from '../core/user-input-error.js';

/** A mistake in what the user asked for on the command line: message only, exit code 2. */
export class UsageError extends UserInputError {
  override readonly name = 'UsageError';
}

/** Turns any thrown value into (message, exit code): user errors → 2 without a stack trace. */
export function describeFailure(e: unknown): { message: string; exitCode: number } {
  if (e instanceof UserInputError) return { message: e.userMessage, exitCode: 2 };
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: `internal error (please report): ${err.stack ?? err.message}`, exitCode: 1 };
}
