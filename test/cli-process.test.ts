import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foreignEntries, readManifest } from '../src/lab/output-manifest.js';
import { expectNoStack, routesim as spawnRoutesim, routesimAsync, routesimMarked } from './support/routesim-process.js';

/**
 * The real `routesim` binary in a child process (npm test builds dist/ first): what a user
 * sees — exit codes, messages without stack traces, Ctrl-C behaviour.
 */
const CORPUS = join(import.meta.dirname, 'hostile', 'corpus');
const root = mkdtempSync(join(tmpdir(), 'routesim-proc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** These runs keep the 20 s limit they always had (the shared helper defaults to 60 s). */
const routesim = (args: string[]) => spawnRoutesim(args, { timeoutMs: 20_000 });

describe('exit codes and messages', () => {
  const files = readdirSync(CORPUS);

  it.each(files)('validate %s → exit 2, names the file, no stack trace', (f) => {
    const r = routesim(['validate', join(CORPUS, f)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(f);
    expectNoStack(r.stderr);
    expect(r.stdout).toBe('');
  });

  it('a valid scenario with a suspicious setting: exit 0, the warning on stderr with its position', () => {
    const fixture = join(import.meta.dirname, 'fixtures', 'config', 'full-scenario.yaml');
    const r = routesim(['validate', fixture]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/full-scenario\.yaml: ok/);
    expect(r.stderr).toMatch(/full-scenario\.yaml:\d+:\d+: warning: providers\[2\]\.models\[0\]: gamma\/tiny sets no price/);
  });

  it('an unknown command exits 2 with a hint', () => {
    const r = routesim(['simulate', 'x.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/routesim --help/);
  });

  it('a missing file exits 2', () => {
    const r = routesim(['run', join(root, 'nope.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml/);
  });

  it('a scenario above the event safety limit is refused with the estimate and how to override it', () => {
    const r = routesim(['run', 'scenarios/diurnal-peak.yaml', '--max-events', '1000']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/estimated at [\d.]+e\+\d+ events/);
    expect(r.stderr).toMatch(/--max-events/);
  });

  it('--max-events must be a positive finite number: NaN, 0, negative, Infinity and empty are refused (exit 2), quoting what was typed', async () => {
    const values = ['abc', '0', '-5', 'Infinity', ''];
    const results = await Promise.all(values.map((value) => routesimAsync(['run', 'scenarios/quickstart.yaml', '--quiet', '--max-events', value])));
    results.forEach((r, i) => {
      expect(r.status, values[i]).toBe(2);
      expect(r.stderr.trim()).toBe(`routesim: --max-events must be a positive number of events, such as 5e9 (got '${values[i]}')`);
      expect(r.stdout).toBe('');
    });
    // The same check guards validate (which refuses what run would refuse).
    const v = routesim(['validate', 'scenarios/quickstart.yaml', '--max-events', 'NaN']);
    expect(v.status).toBe(2);
    expect(v.stderr).toMatch(/--max-events must be a positive number.*got 'NaN'/);
  }, 60_000);

  it('a runaway shape (a sweep every 10 µs for a day) is refused in one line naming the file, line and field, no stack trace', () => {
    const file = join(CORPUS, 'runaway-outlier-sweep.yaml');
    const r = routesim(['run', file, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`routesim: ${file}:9:40: router.outlierDetection.sweepIntervalMs: scenario 'runaway-outlier-sweep' is estimated at 8.64e+9 events`);
    expect(r.stderr).toContain('most from router.outlierDetection.sweepIntervalMs');
    expectNoStack(r.stderr);
  });

  it('a malformed trace row gives exit 2 with file:line, with and without worker threads', () => {
    const dir = mkdtempSync(join(root, 'trace-'));
    writeFileSync(join(dir, 'bad.csv'), 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,374,44\n2023-11-16 18:15:50.1,abc,10\n');
    writeFileSync(join(dir, 's.yaml'), 'name: badtrace\ndurationS: 60\ntraffic:\n  trace: { path: bad.csv, format: azure }\nproviders:\n  - { id: a, models: [{ id: m }] }\n');
    for (const args of [['run', join(dir, 's.yaml')], ['compare', join(dir, 's.yaml'), '--strategies', 'round-robin,p2c', '--replications', '2', '--workers', '2', '--quiet', '--out', join(dir, 'out')]]) {
      const r = routesim(args);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr).toMatch(/bad\.csv:3: ContextTokens/);
      expectNoStack(r.stderr);
    }
  });

  it('run --json prints exactly one JSON object', () => {
    const r = routesim(['run', 'test/fixtures/lab-tiny.yaml', '--json']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    expect(o.requests.total).toBe(o.requests.succeeded + o.requests.failed);
  });
});

describe('Ctrl-C', () => {
  const partialsIn = (dir: string) => readdirSync(dir).filter((n) => n.includes('.partial-') || n.includes('.old-') || n.includes('.routesim-probe-'));
  const compareTiny = (out: string) => routesim(['compare', 'test/fixtures/lab-tiny.yaml', '--strategies', 'round-robin', '--replications', '1', '--out', out, '--quiet']);
  /** A single run far longer than any test: only a Ctrl-C that reaches it ends it. */
  const endless = ['sweep', 'scenarios/default.yaml', '--set', 'durationS=5000000', '--strategies', 'p2c', '--replications', '1', '--max-events', '1e12', '--quiet'];

  /** Earlier results in `<dir>/out` from a finished compare; returns its summary.json. */
  const earlier = (dir: string) => {
    mkdirSync(dir);
    expect(compareTiny(join(dir, 'out')).status).toBe(0);
    return readFileSync(join(dir, 'out', 'summary.json'), 'utf8');
  };

  it('at the first moment (handler ready, nothing read yet): exit 130, earlier results intact, no partial folders', async () => {
    const dir = join(root, 'ready');
    const before = earlier(dir);
    const p = routesimMarked(['compare', 'scenarios/default.yaml', '--strategies', 'all', '--replications', '3', '--out', join(dir, 'out'), '--quiet']);
    await p.phase('ctrl-c-ready');
    p.signal('SIGINT');
    const r = await p.done;
    expect(r.status).toBe(130);
    expect(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).toBe(before);
    expect(partialsIn(dir)).toEqual([]);
    expectNoStack(r.stderr);
  }, 30_000);

  it('during a single long run, with --workers 1: the run stops (exit 130), nothing written, earlier results intact', async () => {
    const dir = join(root, 'stuck');
    const before = earlier(dir);
    const p = routesimMarked([...endless, '--workers', '1', '--out', join(dir, 'out')]);
    await p.phase('running');
    p.signal('SIGINT');
    const r = await p.done;
    expect(r.status).toBe(130);
    expect(r.stderr).toMatch(/stopping… \(Ctrl-C again to quit now\)/);
    expect(r.stderr).toMatch(/stopped after 0 of 1 runs; no results were written; earlier results are untouched/);
    expect(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).toBe(before);
    expect(partialsIn(dir)).toEqual([]);
    expectNoStack(r.stderr);
  }, 30_000);

  it('a second Ctrl-C during a one-run job quits at once with 130', async () => {
    const dir = join(root, 'twice');
    const before = earlier(dir);
    const p = routesimMarked([...endless, '--workers', '1', '--out', join(dir, 'out')]);
    await p.phase('running');
    p.signal('SIGINT');
    p.signal('SIGINT');
    const r = await p.done;
    expect(r.status).toBe(130);
    expect(r.signal).toBe(null);
    expect(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')).toBe(before);
    expect(partialsIn(dir)).toEqual([]);
  }, 30_000);

  it('while results are written: exit 130 once they are complete (never half a directory), no partial folders', async () => {
    const dir = join(root, 'writing');
    earlier(dir);
    // The write takes milliseconds: the process signals itself as it starts (ROUTESIM_TEST_SIGINT_AT).
    const p = routesimMarked(['compare', 'test/fixtures/lab-tiny.yaml', '--strategies', 'round-robin,p2c', '--replications', '1', '--out', join(dir, 'out'), '--quiet'], { ROUTESIM_TEST_SIGINT_AT: 'writing' });
    const r = await p.done;
    expect(r.status).toBe(130);
    expect(r.signal).toBe(null);
    const manifest = readManifest(join(dir, 'out'));
    expect(manifest?.kind).toBe('results');
    expect(foreignEntries(join(dir, 'out'), manifest!)).toEqual([]);
    for (const f of manifest!.files) expect(existsSync(join(dir, 'out', f)), f).toBe(true);
    expect(partialsIn(dir)).toEqual([]);
    expectNoStack(r.stderr);
  }, 30_000);

  it('folders a killed routesim left (SIGKILL mid-write) are cleaned by the next write to the same place', () => {
    const dir = join(root, 'killed');
    earlier(dir);
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(dir, `out.partial-${dead}`, 'charts'), { recursive: true });
    writeFileSync(join(dir, `out.partial-${dead}`, 'summary.json'), '{"half": true');
    mkdirSync(join(dir, `out.old-${dead}`));
    // A live process's folder (this one) is left alone.
    mkdirSync(join(dir, `out.partial-${process.pid}`));
    expect(compareTiny(join(dir, 'out')).status).toBe(0);
    expect(partialsIn(dir)).toEqual([`out.partial-${process.pid}`]);
  }, 30_000);
});
