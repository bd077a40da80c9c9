import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The router is one core for two drivers (simulator and gateway): routing/ imports only core/,
 * its own config schemas (config/router-schema.ts and the policy blocks it spreads in) and itself. Tests and test fixtures
 * (*.test.ts, *.fixture.ts) may use the SimScheduler.
 */
const SRC = join(import.meta.dirname, '..', '..', 'src');
// The router section's schemas: router-schema.ts and the policy blocks it spreads in.
const ALLOWED = [/^routing\//, /^core\//, /^config\/(router|admission|budget-policies)-schema\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /(?<!\.test|\.fixture)\.ts$/.test(p) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => relative(SRC, resolve(dirname(file), m[1].replace(/\.js$/, '.ts'))).split('\\').join('/'));
}

describe('routing/ import boundary', () => {
  it('imports only core/, the router section schemas and routing/', () => {
    const offences = files(join(SRC, 'routing')).flatMap((f) => importsOf(f).filter((i) => !ALLOWED.some((re) => re.test(i))).map((i) => `${relative(SRC, f)} → ${i}`));
    expect(offences).toEqual([]);
  });

  it('the check sees a forbidden import when there is one (a routing test fixture uses the SimScheduler)', () => {
    expect(importsOf(join(SRC, 'routing', 'health', 'active-health-checker.fixture.ts'))).toContain('sim/sim-scheduler.ts');
  });
});
