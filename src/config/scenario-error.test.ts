import { describe, expect, it } from 'vitest';
import { formatPath, formatScenarioError, MAX_LISTED_ISSUES, ScenarioError } from './scenario-error.js';

describe('formatPath', () => {
  it('writes keys with dots, indices in brackets and odd keys quoted', () => {
    expect(formatPath(['providers', 0, 'latency', 'ttftMs', 'p99'])).toBe('providers[0].latency.ttftMs.p99');
    expect(formatPath(['traffic', 'categories', 'chit chat'])).toBe('traffic.categories["chit chat"]');
    expect(formatPath(['router', 'fallbacks', 'default', 'alpha/big'])).toBe('router.fallbacks.default["alpha/big"]');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath([])).toBe('');
  });

  it('elides the middle of very deep paths', () => {
    const path = ['a', ...Array.from({ length: 70 }, () => 0)];
    expect(formatPath(path)).toBe('a[0][0][0][0][0]…(61 more)[0][0][0][0]');
  });
});

describe('ScenarioError', () => {
  it('formats compiler-style: file:line:col: path: message', () => {
    const e = new ScenarioError('scenarios/x.yaml', {
      path: ['providers', 0, 'latency', 'ttftMs', 'p99'],
      message: 'must be >= median (got 100)',
      line: 12,
      column: 5,
    });
    expect(formatScenarioError(e)).toBe('scenarios/x.yaml:12:5: providers[0].latency.ttftMs.p99: must be >= median (got 100)');
    expect(e.message).toBe(formatScenarioError(e));
    expect(e.name).toBe('ScenarioError');
    expect(e).toBeInstanceOf(Error);
    expect([e.file, e.line, e.column]).toEqual(['scenarios/x.yaml', 12, 5]);
  });

  it('omits what it does not know: no position, no path', () => {
    expect(formatScenarioError(new ScenarioError('f.yaml', { path: [], message: 'file is empty' }))).toBe('f.yaml: file is empty');
    expect(formatScenarioError(new ScenarioError('f.yaml', { path: ['a'], message: 'm', line: 3 }))).toBe('f.yaml:3: a: m');
  });

  it('sorts issues by position, drops duplicates, mirrors the first issue in its fields', () => {
    const e = new ScenarioError('f', [
      { path: ['b'], message: 'second', line: 9, column: 1, expected: 'a number' },
      { path: [], message: 'unplaced' },
      { path: ['a'], message: 'first', line: 2, column: 7, expected: 'a string' },
      { path: ['a'], message: 'first', line: 2, column: 7, expected: 'a string' },
    ]);
    expect(formatScenarioError(e).split('\n')).toEqual(['f:2:7: a: first', 'f:9:1: b: second', 'f: unplaced']);
    expect(e.path).toEqual(['a']);
    expect(e.expected).toBe('a string');
    expect(e.issues).toHaveLength(3);
  });

  it(`lists at most ${MAX_LISTED_ISSUES} issues, one line each, then counts the rest`, () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ path: ['k', i], message: `bad\nvalue ${i}`, line: i + 1, column: 1 }));
    const lines = formatScenarioError(new ScenarioError('f', issues)).split('\n');
    expect(lines).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(lines[0]).toBe('f:1:1: k[0]: bad value 0');
    expect(lines[MAX_LISTED_ISSUES]).toBe('f: ... and 15 more problems');
  });

  it('never carries a stack trace in its text', () => {
    const e = new ScenarioError('f', { path: [], message: 'x' });
    expect(formatScenarioError(e)).not.toContain(' at ');
  });
});
