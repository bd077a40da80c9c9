import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { INTERNAL_ERROR_PREFIX, parseScenarioText } from '../../src/config/load-scenario.js';
import { ScenarioError, formatScenarioError } from '../../src/config/scenario-error.js';
import { scenarioSchema } from '../../src/config/scenario-schema.js';

/**
 * Fuzzing the loader: whatever the input, `parseScenarioText` returns a Scenario or throws a
 * ScenarioError — never another exception, never an "internal error" (a bug it had to
 * wrap), never a hang (each property runs NUM_RUNS inputs within vitest's timeout).
 */

const NUM_RUNS = 300;

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');
const VALID = readFileSync(join(FIXTURES, 'minimal-scenario.yaml'), 'utf8');
const FULL: unknown = parse(readFileSync(join(FIXTURES, 'full-scenario.yaml'), 'utf8'));

type Seg = string | number;

/** Every path into a JSON-like value (containers and leaves). */
function allPaths(v: unknown, prefix: Seg[] = []): Seg[][] {
  const out: Seg[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...allPaths(x, [...prefix, i])));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) out.push(...allPaths(x, [...prefix, k]));
  return out;
}

function checkOutcome(text: string, file: string): ScenarioError | 'ok' {
  let result: unknown;
  try {
    result = parseScenarioText(text, file);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw new Error(`threw ${String(e)} for input ${JSON.stringify(text).slice(0, 200)}`);
    const formatted = formatScenarioError(e);
    expect(formatted).not.toContain(INTERNAL_ERROR_PREFIX);
    expect(formatted.length).toBeGreaterThan(0);
    expect(formatted.split('\n').length).toBeLessThanOrEqual(11);
    const lines = text.split('\n').length;
    for (const issue of e.issues) {
      expect(issue.message.length).toBeGreaterThan(0);
      if (issue.line !== undefined) {
        expect(issue.line).toBeGreaterThanOrEqual(1);
        expect(issue.line).toBeLessThanOrEqual(lines + 1);
        expect(issue.column).toBeGreaterThanOrEqual(1);
      }
    }
    return e;
  }
  // A loaded scenario is a complete, valid native scenario: parsing it again changes nothing.
  const again = scenarioSchema.safeParse(result);
  expect(again.success).toBe(true);
  expect(again.data).toEqual(result);
  return 'ok';
}

/** Characters that exercise YAML and JSON syntax. */
const SYNTAX = fc.constantFrom(...'{}[]:,-?&*!|>\'"#%@`\n\t .0123456789eE+abc~\\'.split(''));

describe(`fuzzing parseScenarioText (${NUM_RUNS} runs per property)`, () => {
  it('arbitrary JSON values, as JSON and as YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        checkOutcome(JSON.stringify(v) ?? 'null', 'fuzz.json');
        checkOutcome(stringify(v), 'fuzz.yaml');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('arbitrary JS values serialised by the yaml stringifier', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        let text: string;
        try {
          text = stringify(v) ?? '';
        } catch {
          return; // not representable as YAML: nothing to feed the loader
        }
        checkOutcome(text, 'fuzz.yaml');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('random strings: any code points, and YAML/JSON syntax soup', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        checkOutcome(s, 'fuzz.yaml');
      }),
      { numRuns: NUM_RUNS },
    );
    fc.assert(
      fc.property(fc.string({ unit: SYNTAX, maxLength: 200 }), (s) => {
        checkOutcome(s, 'fuzz.yaml');
        checkOutcome(s, 'fuzz.json');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('a valid scenario with random edits (near-misses reach deep validation)', () => {
    const lines = VALID.split('\n');
    const edit = fc.oneof(
      fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: SYNTAX, maxLength: 12 }) }),
      fc.record({
        op: fc.constant('value' as const),
        at: fc.nat(),
        text: fc.constantFrom('-1', '0', '.nan', '.inf', '1e400', 'null', '~', '[]', '{}', 'true', "'x'", '*a', '&a 5', '2.5', '-0', '0x10'),
      }),
    );
    let loaded = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 0, maxLength: 3 }), (edits) => {
        const ls = [...lines];
        for (const e of edits) {
          const i = e.at % ls.length;
          if (e.op === 'delete') ls.splice(i, 1);
          else if (e.op === 'duplicate') ls.splice(i, 0, ls[i]);
          else if (e.op === 'insert') ls[i] = ls[i].slice(0, e.at % (ls[i].length + 1)) + e.text + ls[i].slice(e.at % (ls[i].length + 1));
          else ls[i] = ls[i].includes(':') ? `${ls[i].slice(0, ls[i].indexOf(':') + 1)} ${e.text}` : ls[i];
          if (ls.length === 0) ls.push('');
        }
        if (checkOutcome(ls.join('\n'), 'fuzz.yaml') === 'ok') loaded++;
      }),
      { numRuns: NUM_RUNS },
    );
    // The generator is useful only if some edited files still load (and some do not).
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(NUM_RUNS);
  });

  it('the full fixture with structural mutations (wrong types, missing and unknown keys)', () => {
    const paths = allPaths(FULL).filter((p) => p.length > 0);
    const mutation = fc.record({
      at: fc.nat(),
      op: fc.constantFrom('replace', 'delete', 'add-key', 'wrap'),
      value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(-1, 0, 1.5, 1e308, '', 'x', null, true, [], {})),
      key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('kind', 'id', 'weight', 'medain', 'durationS', 'modles')),
    });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const doc = structuredClone(FULL) as Record<Seg, unknown>;
        for (const m of ms) {
          const path = paths[m.at % paths.length];
          let parent: Record<Seg, unknown> | undefined = doc;
          for (const seg of path.slice(0, -1)) parent = (parent?.[seg] ?? undefined) as Record<Seg, unknown> | undefined;
          if (typeof parent !== 'object' || parent === null) continue;
          const last = path[path.length - 1];
          if (m.op === 'replace') parent[last] = m.value;
          else if (m.op === 'delete') delete parent[last];
          else if (m.op === 'wrap') parent[last] = [parent[last]];
          else if (typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last]) && m.key !== '__proto__') {
            (parent[last] as Record<string, unknown>)[m.key] = m.value;
          }
        }
        const outcome = checkOutcome(stringify(doc), 'fuzz.yaml');
        // Validation errors on a well-formed document are always pinned to a line.
        if (outcome !== 'ok') for (const issue of outcome.issues) expect(issue.line, issue.message).toBeDefined();
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
