import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseScenarioText } from '../../src/config/load-scenario.js';
import { ScenarioError } from '../../src/config/scenario-error.js';
import { findDuplicateKeys } from '../../src/config/yaml-duplicate-keys.js';
import { locateWork } from '../../src/config/yaml-locate.js';

/**
 * `validate` on a mapping with tens of thousands of keys must do work linear in the keys:
 * the duplicate-key check and the position lookup of one error per key once scanned the
 * mapping per key (80k keys: ~100 s). Counted in operations, never in wall-clock time (the
 * generous timeouts only keep a loaded machine from failing a test that parses 80k keys).
 */

/** A scenario whose traffic.categories has `n` keys; `value(i)` writes each value, `key(i)` each key. */
function scenarioWithCategories(n: number, value: (i: number) => string, key: (i: number) => string = (i) => `c${i}`): string {
  const lines = ['name: big', 'seed: 1', 'durationS: 10', 'traffic:', '  arrivals: { kind: poisson, ratePerS: 1 }', '  inputTokens: 10', '  outputTokens: 10', '  categories:'];
  for (let i = 0; i < n; i++) lines.push(`    ${key(i)}: ${value(i)}`);
  lines.push('providers:', '  - id: p', '    latency: { ttftMs: 100, msPerOutputToken: 1 }', '    models: [{ id: m }]');
  return `${lines.join('\n')}\n`;
}

function issuesOf(text: string): ScenarioError {
  try {
    parseScenarioText(text, 'big.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('validate scales linearly with the keys of one mapping', () => {
  it('locating one error per key reads each mapping entry once (work doubles when the keys double)', () => {
    const work = (n: number) => {
      const before = locateWork.pairsIndexed;
      const err = issuesOf(scenarioWithCategories(n, () => 'x'));
      expect(err.issues).toHaveLength(n);
      // Every issue is located, at its own line.
      expect(err.issues[n - 1]).toMatchObject({ path: ['traffic', 'categories', `c${n - 1}`], line: 8 + n, column: 13 }); // the value 'x'
      return locateWork.pairsIndexed - before;
    };
    const small = work(20_000);
    const big = work(40_000);
    // A scan per lookup would read ~n²/2 entries (2·10⁸ here) and quadruple; an index reads each once.
    expect(small).toBeLessThan(20_000 + 100);
    expect(big / small).toBeLessThan(2.1);
  }, 60_000);

  it('the duplicate-key check visits each key once, and reports every duplicate at its line', () => {
    const steps = (n: number) => {
      let count = 0;
      const doc = parseDocument(scenarioWithCategories(n, () => '1', (i) => `c${i % (n / 2)}`), { uniqueKeys: false });
      const found = findDuplicateKeys(doc, () => count++);
      expect(found).toHaveLength(n / 2);
      return count;
    };
    const small = steps(40_000);
    const big = steps(80_000);
    expect(big - small).toBe(40_000);
    const err = issuesOf(scenarioWithCategories(80_000, () => '1', (i) => `c${i % 40_000}`));
    expect(err.issues).toHaveLength(40_000);
    expect(err.issues[0]).toMatchObject({ path: ['traffic', 'categories', 'c0'], message: "duplicate key 'c0'", line: 8 + 40_001, column: 5 });
  }, 60_000);

  it('finds exactly the duplicates the yaml library finds (its quadratic check as the oracle)', () => {
    const key = fc.constantFrom('a', 'b', 'c', '"a"', "'b'", '1', '"1"', 'true', '<<');
    const mapping = fc.array(fc.tuple(key, fc.constantFrom('1', '{ a: 1, a: 2 }', '[x, { b: 1, b: 2 }]', '{}')), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(mapping, (pairs) => {
        const text = `${pairs.map(([k, v]) => `${k}: ${v}`).join('\n')}\n`;
        const oracle = parseDocument(text, { uniqueKeys: true, stringKeys: true, merge: true })
          .errors.filter((e) => e.code === 'DUPLICATE_KEY')
          .map((e) => e.pos[0])
          .sort((x, y) => x - y);
        const ours = findDuplicateKeys(parseDocument(text, { uniqueKeys: false, stringKeys: true, merge: true }))
          .map((d) => d.offset)
          .sort((x, y) => x - y);
        expect(ours).toEqual(oracle);
      }),
      { numRuns: 300 },
    );
  });
});
