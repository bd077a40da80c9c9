import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, expectNoStack, routesim, routesimAsync, routesimMarked } from '../support/routesim-process.js';

/** `routesim providers` and `routesim load` as a user runs them (dist/ built by npm test). */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'routesim-live-'));
  writeFileSync(join(dir, 's.yaml'), [
    'name: live-cli', 'seed: 3', 'durationS: 20',
    'traffic:', '  arrivals: { kind: poisson, ratePerS: 20 }', '  inputTokens: 50', '  outputTokens: 20', '  streamFraction: 0.5',
    'providers:',
    '  - id: fast', '    capacity: { maxConcurrent: 16 }', '    latency: { ttftMs: 100, msPerOutputToken: 5 }', '    errors: { serverErrorRate: 0.1 }',
    '    models: [{ id: m, inputUsdPerMTok: 1, outputUsdPerMTok: 4 }]',
  ].join('\n') + '\n');
  writeFileSync(join(dir, 'bad.yaml'), 'name: bad\ndurationS: 20\ntraffic:\n  arrivals: { kind: poisson, ratePerS: 1 }\nproviders:\n  - id: a\n    capacity: { maxConcurrent: -1 }\n    models: [{ id: m }]\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `routesim providers … --json` and resolves with its readiness line. */
function startProviders(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; ready: { port: number; providers: { id: string; baseUrl: string }[]; ledgerUrl: string } }> {
  const child = spawn(process.execPath, [BIN, 'providers', ...args, '--port', '0', '--json']);
  return new Promise((resolve, reject) => {
    let out = '', err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, ready: JSON.parse(out.slice(0, nl)) });
    });
    child.on('close', (code) => reject(new Error(`providers exited ${code} before listening: ${err}`)));
  });
}

const exited = (child: ChildProcessWithoutNullStreams) => new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));

describe('routesim providers / load (processes)', () => {
  it('providers refuses a bad scenario like validate: exit 2, file, field path and line, no stack', () => {
    const r = routesim(['providers', join(dir, 'bad.yaml'), '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml.*capacity\.maxConcurrent/);
    expect(r.stderr).toMatch(/line 7|:7/);
    expectNoStack(r.stderr);
  });

  it('load refuses a target that is not a URL (exit 2) before sending anything', () => {
    const r = routesim(['load', join(dir, 's.yaml'), '--target', 'nowhere']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--target nowhere: not a URL/);
  });

  it('load replays against providers: summary.json, one JSONL line per request, costs as the ledger bills; SIGTERM stops providers cleanly', async () => {
    const { child, ready } = await startProviders([join(dir, 's.yaml'), '--time-scale', '10']);
    try {
      expect(ready.providers.map((p) => p.id)).toEqual(['fast']);
      const out = join(dir, 'out');
      const r = await routesimAsync(['load', join(dir, 's.yaml'), '--target', ready.providers[0].baseUrl, '--time-scale', '10', '--out', out, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const lines = readFileSync(join(out, 'requests.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.length).toBe(summary.requests.total);
      expect(lines.length).toBeGreaterThan(250); // ~400 expected at 20/s over 20 s
      expect(summary.requests.succeeded + summary.requests.failed).toBe(summary.requests.total);
      expect(lines.some((l) => l.stream) && lines.some((l) => !l.stream)).toBe(true);
      // 10% server errors, drawn from the seed: a binomial share, well away from 0 and 1.
      expect(summary.requests.failedByLastError['server-error']).toBeGreaterThan(10);
      for (const l of lines.filter((x) => x.ok)) expect(l.outputTokens).toBe(20);
      // The client's cost (usage × prices) equals what the emulated provider billed.
      const ledger = await (await fetch(ready.ledgerUrl)).json() as { totalCostUsd: number };
      expect(summary.costUsd.total).toBeCloseTo(ledger.totalCostUsd, 12);
      expect(JSON.parse(r.stdout).load.lateness.sent).toBe(lines.length);
      expect(existsSync(join(out, 'report.txt'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toEqual({ code: 0, signal: null });
  }, 120_000);

  it('Ctrl-C during load still writes what it measured, complete (no partial files), exit 130', async () => {
    const { child, ready } = await startProviders([join(dir, 's.yaml')]);
    try {
      const out = join(dir, 'interrupted');
      const load = routesimMarked(['load', join(dir, 's.yaml'), '--target', ready.providers[0].baseUrl, '--out', out]);
      await load.phase('ctrl-c-ready');
      // Then until requests have been answered: the providers' ledger shows bills (polled, bounded).
      for (let i = 0; i < 100_000; i++) {
        const l = await (await fetch(ready.ledgerUrl)).json() as { totalCostUsd: number };
        if (l.totalCostUsd > 0) break;
        await new Promise((r) => setImmediate(r));
      }
      load.signal('SIGINT');
      const { status, stderr } = await load.done;
      expect(status, stderr).toBe(130); // incomplete, but written
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const lines = readFileSync(join(out, 'requests.jsonl'), 'utf8').trim().split('\n');
      expect(lines.length).toBe(summary.requests.total);
      expect(summary.requests.total).toBeGreaterThan(0);
      expect(JSON.parse(readFileSync(join(out, 'load.json'), 'utf8')).stoppedEarly).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
    expect((await exited(child)).code).toBe(0);
  }, 120_000);
});
