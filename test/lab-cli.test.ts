import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

/** The CLI end to end, in process: compare → files on disk, report → re-rendered, user errors → exit 2. */

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');


describe('routesim compare / sweep / report', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'routesim-cli-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('compare prints the ranked table and writes a complete results directory', async () => {
    const out = join(root, 'cmp');
    const r = await cli(['compare', FIXTURE, '--strategies', 'round-robin,p2c', '--replications', '2', '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^#\s+strategy\s+uptime/);
    expect(r.stdout).toContain(`results: ${out}/`);
    for (const f of ['summary.json', 'strategies.csv', 'timeseries.csv', 'report.md', 'report.html']) expect(existsSync(join(out, f)), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ kind: 'compare', replications: 2, baseline: 'round-robin', scenario: { file: FIXTURE } });
  }, 20_000);

  it('compare --json prints the summary on stdout', async () => {
    const r = await cli(['compare', FIXTURE, '--strategies', 'p2c', '--replications', '1', '--out', join(root, 'json'), '--json', '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'compare', strategies: [{ strategy: 'p2c', rank: 1 }] });
  }, 20_000);

  it('report re-renders from summary.json', async () => {
    const r = await cli(['report', join(root, 'cmp')]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^re-rendered \d+ files in /);
  }, 20_000);

  it('user mistakes exit with code 2 and a one-line message', async () => {
    const never = join(root, 'never');
    const cases: [string[], RegExp][] = [
      [['sweep', FIXTURE, '--set', 'traffic.arrivals.rate=1,2', '--out', never], /unknown path: traffic.arrivals has no setting 'rate'; did you mean 'ratePerS'\?/],
      [['sweep', FIXTURE, '--set', 'traffic.arrivals.ratePerS=-1', '--out', never], /traffic\.arrivals\.ratePerS: must be > 0/],
      [['compare', FIXTURE, '--strategies', 'p2c', '--baseline', 'cost', '--out', never], /baseline 'cost' is not among the compared strategies/],
      [['compare', FIXTURE, '--strategies', 'p2c', '--replications', '0', '--out', never], /replications must be a whole number/],
      [['compare', FIXTURE, '--strategies', 'p2c,rr', '--out', never], /Unknown strategy 'rr'/],
      [['report', root], /no summary.json here/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(existsSync(never)).toBe(false);
  }, 20_000);
});
