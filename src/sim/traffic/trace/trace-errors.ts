import { UserInputError } from '../../../core/user-input-error.js';

/** The trace file cannot be read at all (missing, unreadable, absurd line length). */
export class TraceFileError extends UserInputError {
  override readonly name = 'TraceFileError';
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
  }
}

/** One row of a trace is malformed; names the file and the 1-based line. */
export class TraceRowError extends UserInputError {
  override readonly name = 'TraceRowError';
  constructor(readonly file: string, readonly line: number, readonly reason: string) {
    super(`${file}:${line}: ${reason} (skip such rows with --on-bad-row skip or traffic.trace.onBadRow: skip)`);
  }
}

/** A row-level problem before the row's position is known; the source adds file:line. */
export class RowProblem extends Error {
  override readonly name = 'RowProblem';
}
