import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pairedDiff } from '../src/lab/statistics.js';
import { cli } from './support/cli.js';

/** `compare a.yaml b.yaml` and `compare x.yaml --variants`: configurations on common random numbers, bad input → exit 2 with file:line. */

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');
const tiny = readFileSync(FIXTURE, 'utf8');

describe('routesim compare of configurations', () => {
  let root: string;
  const file = (name: string, text: string) => {
    const p = join(root, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'routesim-configs-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('compares two files on the same traffic: paired statistics, each running its own strategy', async () => {
    const ours = file('ours.yaml', tiny);
    const proposed = file('proposed.yaml', tiny.replace('strategy: round-robin', 'strategy: p2c').replace('consecutiveFailures: 3', 'consecutiveFailures: 2'));
    const out = join(root, 'two');
    const r = await cli(['compare', ours, proposed, '--replications', '3', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.strategies.map((s: { strategy: string }) => s.strategy)).toEqual(['ours', 'proposed']);
    expect(summary.baseline).toBe('ours');
    expect(summary.strategies[1].description).toContain('p2c');
    // Paired against the baseline replication by replication: vsBaseline is the paired difference of the values.
    const [a, b] = summary.strategies;
    const d = pairedDiff(b.values.uptime, a.values.uptime);
    expect(b.vsBaseline.uptime.mean).toBeCloseTo(d.mean, 12);
    expect(r.stdout).toContain("baseline 'ours'");
  }, 30_000);

  it('the same configuration twice is detected as the same decisions and shares a rank', async () => {
    const a = file('a.yaml', tiny);
    const b = file('b.yaml', tiny.replace('description: Two providers', 'description: Same config, other words'));
    const r = await cli(['compare', a, b, '--replications', '2', '--out', join(root, 'same'), '--json', '--quiet']);
    expect(r.exitCode).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.sameDecisions).toEqual([['a', 'b']]);
    expect(summary.strategies.map((s: { rank: number }) => s.rank)).toEqual([1, 1]);
  }, 30_000);

  it('refuses files whose traffic differs, naming the file, the path and the line; --allow-different-traffic runs them', async () => {
    const a = file('base.yaml', tiny);
    const busier = file('busier.yaml', tiny.replace('ratePerS: 5', 'ratePerS: 6'));
    const r = await cli(['compare', a, busier, '--replications', '1', '--out', join(root, 'busy'), '--quiet']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`${busier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:10:\\d+: traffic\\.arrivals\\.ratePerS: differs from`));
    const ok = await cli(['compare', a, busier, '--replications', '1', '--out', join(root, 'busy'), '--quiet', '--allow-different-traffic']);
    expect(ok.exitCode).toBe(0);
  }, 30_000);

  it('compares variants with the scenario as written (base)', async () => {
    const v = file('variants.yaml', `${tiny}\nvariants:\n  no-breaker: { router.circuitBreaker: false }\n  cost-first: { router.strategy: cost }\n`);
    const r = await cli(['compare', v, '--variants', 'all', '--replications', '2', '--out', join(root, 'var'), '--json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.strategies.map((s: { strategy: string }) => s.strategy)).toEqual(['base', 'no-breaker', 'cost-first']);
    expect(summary.strategies[2].description).toMatch(/^cost; sets router\.strategy/);
  }, 30_000);

  it('bad variants exit 2 with file, path and line', async () => {
    const lines = tiny.split('\n').length; // the variants block starts after the fixture's lines
    const v = file('bad-variants.yaml', `${tiny}\nvariants:\n  busy: { traffic.arrivals.ratePerS: 9 }\n  typo: { router.circuitBreakr: false }\n  badvalue: { router.circuitBreaker: 7 }\n`);
    const cases: [string, RegExp][] = [
      ['nope', new RegExp(`bad-variants\\.yaml:${lines + 1}:1: variants: --variants names 'nope', which this scenario does not define`)],
      ['busy', new RegExp(`bad-variants\\.yaml:${lines + 2}:\\d+: variants\\.busy\\["traffic\\.arrivals\\.ratePerS"\\]: a variant cannot change 'traffic'`)],
      ['typo', new RegExp(`bad-variants\\.yaml:${lines + 3}:\\d+: variants\\.typo\\["router\\.circuitBreakr"\\]: unknown path: router has no setting 'circuitBreakr'; did you mean 'circuitBreaker'\\?`)],
      ['badvalue', new RegExp(`bad-variants\\.yaml:${lines + 4}:\\d+: variants\\.badvalue: variant 'badvalue': expected false or a mapping, got 7`)],
    ];
    for (const [name, expected] of cases) {
      const r = await cli(['compare', v, '--variants', name, '--out', join(root, 'bad'), '--quiet']);
      expect(r.exitCode, name).toBe(2);
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(r.stderr, name).toMatch(expected);
      expect(r.stderr, name).not.toMatch(/\n\s+at /);
    }
  }, 30_000);
});
