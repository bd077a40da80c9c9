import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

/** `run --explain-request ID[,ID…]` for any request, `--explain-out FILE` as JSON lines in request order. */

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');

describe('routesim run --explain-request / --explain-out', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'routesim-explain-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('writes the listed requests (not only the first N) as JSON lines in request order', async () => {
    const out = join(root, 'why.jsonl');
    const r = await cli(['run', FIXTURE, '--explain-request', '250,7,120', '--explain-out', out, '--quiet']);
    expect(r.exitCode).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.requestId)).toEqual([7, 120, 250]);
    for (const l of lines) {
      expect(l.decisions.length).toBeGreaterThan(0);
      expect(l.decisions.every((d: { requestId: number }) => d.requestId === l.requestId)).toBe(true);
      expect(l.attempts.length).toBe(l.result.attempts);
      expect(l.result.requestId).toBe(l.requestId);
    }
    expect(r.stderr).not.toMatch(/^request /m); // the file replaces the text
  }, 20_000);

  it('prints text blocks in request order and warns about ids that never finished', async () => {
    const r = await cli(['run', FIXTURE, '--explain-request', '9,2,99999', '--quiet']);
    expect(r.exitCode).toBe(0);
    const firsts = r.stderr.split('\n').filter((l) => /^request \d+ attempt 0 /.test(l)).map((l) => Number(/^request (\d+)/.exec(l)![1]));
    expect(firsts).toEqual([2, 9]);
    expect(r.stderr).toMatch(/warning: --explain-request: no request 99999 finished in this run/);
  }, 20_000);

  it('bad ids, both selections, or --explain-out alone exit 2 before simulating', async () => {
    for (const [args, message] of [
      [['--explain-request', '3,x'], /'x' is not a request id/],
      [['--explain-request', '3', '--explain', '2'], /either --explain N or --explain-request/],
      [['--explain-out', join(root, 'a.jsonl')], /--explain-out needs --explain N or --explain-request/],
      [['--explain', '2', '--explain-out', join(root, 'missing-dir', 'a.jsonl')], /the folder .* does not exist/],
    ] as const) {
      const r = await cli(['run', FIXTURE, ...args, '--quiet']);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  }, 20_000);
});
