import { CONTROL_CHARS } from '../core/control-chars.js';
/**
 * Everything routesim prints goes through here, so text from a scenario or a trace (ids,
 * names, descriptions, CSV values, file names) cannot drive the terminal: ESC sequences that
 * retitle the window or clear the screen, BEL, CR that overwrites a line, C1 controls (which
 * some terminals read as ESC [), bidi overrides that reorder what is shown. Each such
 * character is printed as a `\uXXXX` escape, which keeps JSON output valid JSON with the same
 * value (JSON.stringify already escapes C0; C1 and bidi controls it leaves raw). Newline and
 * tab stay: they are layout. The progress bar writes its own CR and erase-line around
 * escaped text; nothing else writes to the process streams (test/terminal-guard.test.ts).
 */


export function escapeControls(text: string): string {
  return text.replace(CONTROL_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Results: tables, JSON, the imported scenario. */
export function printOut(text: string): void {
  process.stdout.write(escapeControls(text));
}

/** Messages: errors, warnings, progress notes, --explain. */
export function printErr(text: string): void {
  process.stderr.write(escapeControls(text));
}
