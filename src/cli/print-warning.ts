import { printErr } from './terminal-output.js';

/** Scenario warnings go to stderr (stdout may carry --json), whatever --quiet says: they are not progress. */
export function printWarning(text: string): void {
  printErr(`${text}\n`);
}
