/**
 * Characters that rewrite a terminal or a report when printed raw: C0 but tab and newline, DEL,
 * C1, and the bidi embedding/override/isolate marks. One class for the terminal's escaping and
 * for refusing them in files routesim reads back (partial.json), so the two never disagree.
 */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function hasControlChars(text: string): boolean {
  CONTROL_CHARS.lastIndex = 0;
  return CONTROL_CHARS.test(text);
}
