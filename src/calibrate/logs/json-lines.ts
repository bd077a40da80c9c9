import { LineReader } from '../../core/line-reader.js';
import { LogFormatError } from './log-format-error.js';

/**
 * Streams the JSON values of a JSONL file, one line at a time (any file size), with the
 * line number for errors. Blank lines are skipped; a final line cut short (a writer that
 * crashed mid-line) is skipped with `onCutLastLine`, any other unparsable line is an error.
 */
export function* jsonLines(file: string, onCutLastLine: () => void): Generator<{ value: unknown; line: number }> {
  const reader = new LineReader(file, (detail) => new LogFormatError(file, undefined, detail));
  try {
    let pending: { text: string; line: number } | undefined;
    for (let text = reader.next(); text !== undefined; text = reader.next()) {
      if (pending !== undefined) yield { value: parseLine(file, pending.text, pending.line), line: pending.line };
      pending = text.trim() === '' ? undefined : { text, line: reader.line };
    }
    if (pending !== undefined) {
      let value: unknown;
      try {
        value = JSON.parse(pending.text);
      } catch {
        onCutLastLine();
        return;
      }
      yield { value, line: pending.line };
    }
  } finally {
    reader.close();
  }
}

function parseLine(file: string, text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LogFormatError(file, line, `not a JSON object (${(e as Error).message})`);
  }
}
