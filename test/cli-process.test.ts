import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, expectNoStack, routesim as spawnRoutesim } from './support/routesim-process.js';

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
  it('SIGINT mid-compare exits 130, keeps the earlier results intact and leaves no partial files', async () => {
    const out = join(root, 'cmp');
    const first = routesim(['compare', 'test/fixtures/lab-tiny.yaml', '--strategies', 'round-robin', '--replications', '1', '--out', out, '--quiet']);
    expect(first.status).toBe(0);
    const before = readFileSync(join(out, 'summary.json'), 'utf8');
    const child = spawn(process.execPath, [BIN, 'compare', 'scenarios/default.yaml', '--strategies', 'all', '--replications', '3', '--out', out, '--quiet']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(before);
    const leftovers = readdirSync(root).filter((n) => n.includes('.partial-') || n.includes('.old-'));
    expect(leftovers).toEqual([]);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expectNoStack(stderr);
  });
});
