import { describe, expect, it } from 'vitest';
import { forbiddenUses } from './support/source-files.js';

/**
 * Everything routesim prints passes through src/cli/terminal-output.ts, which escapes
 * control characters; a direct write to the process streams would bypass it. The progress
 * bar writes its own CR/erase-line to the stream it is given and escapes the text between.
 * Benchmarks print only their own figures; the HTML embed shim runs in the browser.
 */
const ALLOWED = [/^cli\/terminal-output\.ts$/, /^bench\//, /^report\/html\/embed-shim\.ts$/];
const FORBIDDEN: [RegExp, string][] = [
  [/\bprocess\s*\.\s*(stdout|stderr)\s*\.\s*write\b/, 'direct write to a process stream'],
  [/\bconsole\s*\.\s*(log|error|warn|info|debug)\b/, 'console output'],
];

describe('terminal guard', () => {
  it('nothing writes to stdout/stderr except through the escaping terminal output', () => {
    expect(forbiddenUses(ALLOWED, FORBIDDEN)).toEqual([]);
  });
});
