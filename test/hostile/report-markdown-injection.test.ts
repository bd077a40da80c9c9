import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompareSummary } from '../../src/lab/compare-summary.js';
import { escapeMarkdownBlock, escapeMarkdownCode, escapeMarkdownText } from '../../src/report/markdown/markdown-escape.js';
import { renderMarkdown } from '../../src/report/markdown/render-markdown.js';
import { compareDocument } from '../../src/report/report-document.js';
import { compareFixture } from '../fixtures/report/compare-fixture.js';

/**
 * report.md treats the scenario's strings as text: a name or description cannot add a
 * heading, a table row, a link (javascript: or any other), a remote image or raw HTML.
 */

const SPECIAL = '\\`*_[]<>&!|~#';
/** The text a reader sees: backslash escapes of the specials removed. */
const unescape = (s: string) => s.replace(/\\([\\`*_[\]<>&!|~#])/g, '$1');
/** What is left once the escape pairs are taken out: none of it may be a special or a line break. */
const bare = (s: string) => s.replace(/\\[\\`*_[\]<>&!|~#]/g, '');

const HOSTILE_NAME = 'evil\n# Owned\n| a | b |\n![x](https://attacker.example/pixel.png)';
const HOSTILE_DESCRIPTION = '[click me](javascript:alert(1)) <img src=x onerror=alert(1)> &#106;avascript: **bold** ~~gone~~\n\n- list\n1. item\n    code\n> quote';

function markdownOf(summary: CompareSummary): string {
  return renderMarkdown(compareDocument(summary, []));
}

describe('Markdown escaping', () => {
  it('inline text: a reader sees the original (line breaks as spaces), and no special survives unescaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...SPECIAL, 'a', ' ', '\n', '\r', '\u2028', '1', '.', '-', '(', ')', ':') }), (s) => {
        const out = escapeMarkdownText(s);
        expect(unescape(out)).toBe(s.replace(/\r\n?|[\n\u2028]/g, ' '));
        expect(bare(out)).not.toMatch(/[\\`*_[\]<>&!|~#\r\n\u2028]/);
      }),
      { numRuns: 500 },
    );
  });

  it('block text cannot start a list, an ordered list, an underline or a code block', () => {
    expect(escapeMarkdownBlock('- a')).toBe('\\- a');
    expect(escapeMarkdownBlock('+ a')).toBe('\\+ a');
    expect(escapeMarkdownBlock('=== a')).toBe('\\=== a');
    expect(escapeMarkdownBlock('12. a')).toBe('12\\. a');
    expect(escapeMarkdownBlock('3) a')).toBe('3\\) a');
    expect(escapeMarkdownBlock('     indented')).toBe('indented');
    expect(escapeMarkdownBlock('# title')).toBe('\\# title');
    expect(escapeMarkdownBlock('> quote')).toBe('\\> quote');
  });

  it('code spans drop backticks, escape pipes, keep one line', () => {
    expect(escapeMarkdownCode('a`b|c\nd')).toBe('ab\\|c d');
  });

  it('a hostile scenario name and description add no heading, row, link, image or HTML to report.md', () => {
    const benign = markdownOf(compareFixture());
    const base = compareFixture();
    const hostile = markdownOf({ ...base, scenario: { ...base.scenario, name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION } });
    const lines = (md: string, re: RegExp) => md.split('\n').filter((l) => re.test(l)).length;
    // Same structure as the benign report: headings, table rows, blank-line-separated blocks.
    expect(lines(hostile, /^#/)).toBe(lines(benign, /^#/));
    expect(lines(hostile, /^\|/)).toBe(lines(benign, /^\|/));
    expect(hostile.split('\n').length).toBe(benign.split('\n').length);
    // No active link, image, HTML or entity from the scenario.
    expect(bare(hostile)).not.toMatch(/\]\(javascript:|<img|&#106;|\]\(https:\/\/attacker/);
    expect(hostile).not.toMatch(/(^|[^\\])!\[x\]/);
    expect(hostile).not.toMatch(/(^|[^\\])\[click me\]/);
    // The reader still sees the text itself.
    expect(hostile).toContain('\\[click me\\](javascript:alert(1))');
    expect(hostile).toContain('evil \\# Owned \\| a \\| b \\|');
  });
});
