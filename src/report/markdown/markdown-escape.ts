/**
 * Text from a scenario (its name, description, ids, claim labels) is data, not Markdown: in
 * report.md it must not open a heading, a table row, a link (`[x](javascript:…)`), a remote
 * image (`![](https://…)`), raw HTML or an entity. HTML, SVG and CSV escape it already; this
 * is the Markdown counterpart, used for every piece of text the renderer did not write itself.
 */

/** Characters that start inline Markdown (emphasis, code, links, images, HTML, entities, strikethrough, tables, headings). */
const INLINE_SPECIAL = /[\\`*_[\]<>&!|~#]/g;

/** Line breaks of every kind: a new line could start a heading, quote, list or table row. */
const LINE_BREAKS = /\r\n?|[\n\u0085\u2028\u2029]/g;

/** What would start a block construct at the beginning of a paragraph: a list, a setext underline, an ordered list. */
const BLOCK_START = /^([-+=]|\d{1,9}(?=[.)]))/;

/** Inline-safe text (a heading's, a table cell's): one line, the specials backslash-escaped. */
export function escapeMarkdownText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(INLINE_SPECIAL, (c) => `\\${c}`);
}

/**
 * Text that starts a block (a paragraph, a caption, a quote's body): inline-safe, without
 * leading spaces (four make a code block), and without a list or underline marker at its start
 * (a '-' gets a backslash; an ordered-list number gets its '.' or ')' escaped).
 */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdownText(text.trimStart()).replace(BLOCK_START, (marker: string) => (/\d/.test(marker) ? `${marker}\\` : `\\${marker}`));
}

/** Text inside a code span of a table cell: backticks cannot be escaped there (they are dropped); pipes still end a cell in GFM unless escaped. */
export function escapeMarkdownCode(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(/`/g, '').replace(/\|/g, '\\|');
}
