import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../../src/config/load-scenario.js';
import { formatPath, formatScenarioError, ScenarioError } from '../../src/config/scenario-error.js';
import { expectNoStack, routesimAsync } from '../support/routesim-process.js';

/**
 * Every hostile file must fail with a ScenarioError (never another exception type) whose
 * one-line message names the field path and, where it applies, line:column. The committed
 * corpus lives in ./corpus; byte-level cases (non-UTF-8, binary, oversize) are written by the
 * setup below so no binary file is committed.
 */

interface Case {
  file: string;
  /** Formatted field path of the first issue; '' for problems with the file as a whole. */
  path: string;
  line?: number;
  column?: number;
  /** Fragments the formatted message must contain. */
  says: string[];
}

const CORPUS = join(import.meta.dirname, 'corpus');

const CORPUS_CASES: Case[] = [
  { file: 'wrong-type.yaml', path: 'durationS', line: 2, column: 12, says: ['expected a number', "got 'ten'"] },
  { file: 'missing-required-key.yaml', path: 'traffic', line: 1, column: 1, says: ['required but missing', 'a mapping'] },
  { file: 'unknown-key-typo.yaml', path: 'provders', line: 5, column: 1, says: ["unknown key; did you mean 'providers'?"] },
  { file: 'fallback-cycle.yaml', path: 'router.fallbacks.default["b/m"][0]', line: 10, column: 34, says: ['fallback cycle: a/m → b/m → a/m'] },
  { file: 'fallback-unknown.yaml', path: 'router.fallbacks.default["a/m"][0]', line: 9, column: 22, says: ["unknown deployment or provider id 'openai/gpt-4'"] },
  { file: 'concurrency-limit-unknown.yaml', path: 'router.concurrencyLimit.limits.alpah', line: 9, column: 15, says: ["unknown deployment or provider id 'alpah'", "did you mean 'alpha'?"] },
  { file: 'unknown-strategy.yaml', path: 'router.strategy', line: 8, column: 13, says: ["unknown strategy 'round-robbin'", "did you mean 'round-robin'?"] },
  { file: 'zero-weight.yaml', path: 'providers[0].weight', line: 6, column: 22, says: ['must be > 0 (got 0)'] },
  { file: 'empty-providers.yaml', path: 'providers', line: 5, column: 12, says: ['must have at least 1 item'] },
  { file: 'negative-rate.yaml', path: 'traffic.arrivals.ratePerS', line: 4, column: 40, says: ['must be > 0 (got -5)'] },
  { file: 'nan.yaml', path: 'durationS', line: 2, column: 12, says: ['not NaN', '(got .nan)'] },
  { file: 'infinity.yaml', path: 'durationS', line: 2, column: 12, says: ['must be a finite number (got .inf)'] },
  { file: 'huge-number.yaml', path: 'durationS', line: 2, column: 12, says: ['too large', '(got 1e400)'] },
  { file: 'p99-below-median.yaml', path: 'providers[0].latency.ttftMs.p99', line: 10, column: 52, says: ['must be >= median (got 100)'] },
  {
    file: 'unknown-distribution-kind.yaml',
    path: 'providers[0].latency.ttftMs.kind',
    line: 10,
    column: 23,
    says: ["unknown distribution kind 'lognorml'", "did you mean 'lognormal'?", 'exponential'],
  },
  { file: 'mixture-weights-zero.yaml', path: 'providers[0].latency.ttftMs.components', line: 13, column: 11, says: ['mixture weights must not all be 0'] },
  { file: 'quality-mix-zero.yaml', path: 'traffic.qualityMix', line: 4, column: 15, says: ['qualityMix weights must not all be 0'] },
  { file: 'deep-nesting.yaml', path: 'providers[0][0][0][0][0]…(54 more)[0][0][0][0]', line: 1, column: 75, says: ['nested more than 64 levels deep'] },
  { file: 'billion-laughs.yaml', path: 'f[0]', line: 7, column: 8, says: ['aliases expand to more than 100,000 values', 'billion laughs'] },
  { file: 'duplicate-keys.yaml', path: 'providers[0].models[0].id', line: 10, column: 9, says: ["duplicate key 'id'"] },
  { file: 'duplicate-keys-flow.yaml', path: 'traffic.arrivals.ratePerS', line: 4, column: 43, says: ["duplicate key 'ratePerS'"] },
  { file: 'empty.yaml', path: '', says: ['file is empty'] },
  { file: 'whitespace-only.yaml', path: '', says: ['file is empty (only whitespace)'] },
  { file: 'trailing-comma.json', path: 'providers', line: 5, column: 61, says: ['invalid JSON: trailing comma'] },
  { file: 'json-comment.json', path: '', line: 2, column: 3, says: ['invalid JSON', "found '/'"] },
  { file: 'multiple-documents.yaml', path: '', line: 2, column: 1, says: ['more than one YAML document'] },
  { file: 'custom-tag.yaml', path: 'name', line: 1, column: 7, says: ['YAML tag !!js/function is not supported in scenarios'] },
  // YAML 1.1 collection tags used to become a Map / Set that validation read as an empty section (all defaults).
  { file: 'omap-section.yaml', path: 'router', line: 5, column: 9, says: ['YAML tag !!omap is not supported', 'plain mapping'] },
  { file: 'set-section.yaml', path: 'metrics', line: 5, column: 10, says: ['YAML tag !!set is not supported'] },
  { file: 'incident-unknown-model.yaml', path: 'providers[0].incidents[0].models[1]', line: 8, column: 73, says: ["unknown model 'gpt4o'; did you mean 'gpt-4o'?", 'models: gpt-4o, gpt-4o-mini'] },
  { file: 'top-level-list.yaml', path: '', line: 1, column: 1, says: ['top level must be a mapping', 'got a list of 2'] },
  { file: 'tab-indent.yaml', path: '', line: 3, column: 1, says: ['Tabs are not allowed'] },
  // Numbers the code cannot handle are bounded by the schema (they used to pass validate and crash run).
  { file: 'clients-count-huge.yaml', path: 'traffic.clients.count', line: 5, column: 21, says: ['must be <= 50000000 (got 1000000000000000)'] },
  { file: 'history-size-huge.yaml', path: 'router.historySize', line: 10, column: 16, says: ['must be <= 100000 (got 1000000000000000)'] },
  { file: 'adaptive-window-huge.yaml', path: 'router.params.windowSize', line: 10, column: 25, says: ['must be <= 100000 (got 4294967296)'] },
  { file: 'replications-huge.yaml', path: 'replications', line: 3, column: 15, says: ['must be <= 10000 (got 9007199254740991)'] },
];

/** Byte-level cases written at setup: name → bytes. */
const GENERATED: Record<string, Uint8Array> = {
  // "café" in Latin-1: 0xE9 is not valid UTF-8 on its own.
  'latin1.yaml': Uint8Array.from([...Buffer.from('name: caf'), 0xe9, ...Buffer.from('\ndurationS: 60\n')]),
  // A PNG header: binary garbage with a NUL at byte 8, after two newlines.
  'garbage.yaml': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  'bell.yaml': Buffer.from('name: ding\u0007\n'),
  'truncated-utf8.yaml': Uint8Array.from([...Buffer.from('name: x\n# '), 0xe2, 0x82]),
  // A gzipped scenario: named as compressed, not as binary garbage.
  'gzipped.yaml': gzipSync('name: x\ndurationS: 60\n'),
};

const GENERATED_CASES: Case[] = [
  { file: 'latin1.yaml', path: '', line: 1, column: 10, says: ['invalid UTF-8 byte 0xe9 at byte offset 9', 'UTF-8'] },
  { file: 'garbage.yaml', path: '', line: 3, column: 1, says: ['binary data (NUL byte at byte offset 8)'] },
  { file: 'bell.yaml', path: '', line: 1, column: 11, says: ['binary data (control character U+0007)'] },
  { file: 'truncated-utf8.yaml', path: '', line: 2, column: 3, says: ['invalid UTF-8 byte 0xe2 at byte offset 10'] },
  { file: 'oversize.yaml', path: '', says: ['file is too large (11.0 MB; the limit is 10.0 MB)'] },
  { file: 'gzipped.yaml', path: '', says: ['is gzip-compressed; routesim reads plain text: decompress it first (gunzip -k <file>)'] },
];

let tmp = '';

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'routesim-hostile-'));
  for (const [name, bytes] of Object.entries(GENERATED)) writeFileSync(join(tmp, name), bytes);
  // 11 MB of a valid-looking comment: refused by size before it is read.
  writeFileSync(join(tmp, 'oversize.yaml'), `# ${'x'.repeat(11 * 1024 * 1024)}\n`);
});

afterAll(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

function failure(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but the scenario loaded');
}

function check(e: ScenarioError, file: string, c: Case): void {
  const text = formatScenarioError(e);
  const where = c.line === undefined ? file : `${file}:${c.line}:${c.column}`;
  const prefix = c.path === '' ? `${where}: ` : `${where}: ${c.path}: `;
  expect(text.split('\n')[0].startsWith(prefix), `${text}\n  should start with: ${prefix}`).toBe(true);
  for (const fragment of c.says) expect(text).toContain(fragment);
  expect(formatPath(e.path)).toBe(c.path);
  expect(e.file).toBe(file);
  expect(e.line).toBe(c.line);
  expect(e.column).toBe(c.column);
  // Short, compiler-style, no stack trace.
  expect(text).not.toMatch(/\n\s+at /);
  expect(text.split('\n').length).toBeLessThanOrEqual(11);
}

describe('hostile corpus (committed files)', () => {
  it.each(CORPUS_CASES)('$file → $path $says', (c) => {
    const file = join(CORPUS, c.file);
    check(failure(() => loadScenarioFile(file)), file, c);
  });
});

describe('hostile bytes (written at setup)', () => {
  it.each(GENERATED_CASES)('$file → $says', (c) => {
    const file = join(tmp, c.file);
    check(failure(() => loadScenarioFile(file)), file, c);
  });
});

describe('hostile input through parseScenarioText', () => {
  it('refuses oversize text without parsing it', () => {
    const e = failure(() => parseScenarioText(`a: ${'b'.repeat(10 * 1024 * 1024 + 1)}`, 'big.yaml'));
    expect(formatScenarioError(e)).toMatch(/^big\.yaml: file is too large/);
  });

  it('refuses 10,000 nested flow mappings and block sequences alike', () => {
    for (const text of ['x: ' + '{a: '.repeat(10_000), '- '.repeat(10_000) + 'x', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')]) {
      const e = failure(() => parseScenarioText(text, 'deep.yaml'));
      expect(e.issues[0].message).toContain('nested more than 64 levels deep');
    }
  });

  it('accepts nesting up to the limit (the guard is not over-eager)', () => {
    // 63 levels inside the root mapping: structurally fine, so the errors are about content.
    const e = failure(() => parseScenarioText(`name: ${'['.repeat(63)}${']'.repeat(63)}`, 'ok-depth.yaml'));
    expect(e.issues.map((i) => i.message).join('\n')).not.toContain('nested');
  });

  it('refuses alias cycles, unknown aliases and alias floods, but allows plain anchor reuse', () => {
    expect(failure(() => parseScenarioText('a: &x [1, *x]\n', 'cycle.yaml')).message).toBe(
      'cycle.yaml:1:11: a[1]: alias *x refers to a value that contains it (a cycle)',
    );
    expect(failure(() => parseScenarioText('a: *nope\n', 'unknown.yaml')).message).toBe(
      'unknown.yaml:1:4: a: unknown alias *nope (no anchor &nope before it)',
    );
    const flood = `x: &x 1\nl: [${Array.from({ length: 1001 }, () => '*x').join(', ')}]\n`;
    expect(failure(() => parseScenarioText(flood, 'flood.yaml')).message).toContain('l[1000]: more than 1000 aliases in one file');
    // 400 uses of one anchor: linear, legitimate, accepted.
    const providers = Array.from({ length: 200 }, (_, i) => `  - { id: p${i}, models: [{ id: m }], latency: { ttftMs: *lat, msPerOutputToken: *lat } }`);
    const text = `name: t\ndurationS: 60\ntraffic:\n  arrivals: { kind: poisson, ratePerS: 2 }\n  inputTokens: &lat { kind: lognormal, median: 200, p99: 900 }\nproviders:\n${providers.join('\n')}\n`;
    const s = parseScenarioText(text, 'reuse.yaml');
    expect(s.providers[199].latency.msPerOutputToken).toEqual({ kind: 'lognormal', median: 200, p99: 900 });
  });

  it('refuses a missing file, a directory and a device', () => {
    expect(formatScenarioError(failure(() => loadScenarioFile(join(CORPUS, 'no-such-file.yaml'))))).toMatch(/no-such-file\.yaml: file not found$/);
    expect(formatScenarioError(failure(() => loadScenarioFile(CORPUS)))).toMatch(/corpus: is a directory/);
    expect(formatScenarioError(failure(() => loadScenarioFile('/dev/zero')))).toBe('/dev/zero: is not a regular file');
  });
});

// ./extremes holds valid files at the edges of the schema (./corpus holds only invalid ones).
describe('valid extremes run, through the CLI', () => {
  it('huge-weights.yaml (every weight 1e308) runs and splits the two providers evenly; a refused number is exit 2, one line', async () => {
    const [ok, refused] = await Promise.all([
      routesimAsync(['run', join(import.meta.dirname, 'extremes', 'huge-weights.yaml'), '--json', '--quiet']),
      routesimAsync(['run', join(CORPUS, 'clients-count-huge.yaml'), '--quiet']),
    ]);
    expectNoStack(ok.stderr);
    expect(ok.status, ok.stderr).toBe(0);
    const [a, b] = (JSON.parse(ok.stdout) as { deployments: { attempts: number }[] }).deployments.map((d) => d.attempts);
    // Binomial(n, 1/2): 5 standard deviations.
    expect(Math.abs(a - b)).toBeLessThanOrEqual(5 * Math.sqrt(a + b));
    expect(a + b).toBeGreaterThan(200);
    expect(refused.status).toBe(2);
    expectNoStack(refused.stderr);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('traffic.clients.count: must be <= 50000000');
  });
});
