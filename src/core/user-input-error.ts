/**
 * A mistake in what the user gave or asked for (a bad file, row, flag or parameter), as
 * opposed to a bug. The CLI prints `userMessage` with exit code 2 and no stack trace — the
 * same text whether the error was thrown in the main thread or on a lab worker thread, which
 * forwards `userMessage` (errors cross threads as plain data, so `instanceof` is lost there).
 */
export class UserInputError extends Error {
  /** What the user reads; the message unless a subclass adds context. */
  get userMessage(): string {
    return this.message;
  }
}
