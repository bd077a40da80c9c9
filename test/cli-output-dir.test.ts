import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanStaleSiblings } from '../src/lab/stale-partials.js';
import { listTree, readTree } from './support/read-tree.js';
import { expectNoStack, routesim, routesimAsync } from './support/routesim-process.js';

/**
 * Nothing the user had is lost: routesim replaces only directories it wrote (its manifest,
 * nothing else in them), and checks every output location before doing any work (the real
 * binary, as a user runs it).
 */
const root = mkdtempSync(join(tmpdir(), 'routesim-outdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tiny = (out: string) => ['compare', 'test/fixtures/lab-tiny.yaml', '--strategies', 'round-robin', '--replications', '1', '--quiet', '--out', out];
const snapshot = (dir: string) => [...readTree(dir)].map(([f, b]) => `${f}=${b.toString('base64')}`);

/** One line on stderr, exit 2, no stack trace. */
function expectRefused(r: { status: number | null; stderr: string }, message: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expectNoStack(r.stderr);
}

describe('compare --out never deletes what routesim did not write', () => {
  it('a directory that merely holds a summary.json, with the user\'s files and folders: refused, everything intact', () => {
    const dir = join(root, 'mine');
    mkdirSync(join(dir, 'drafts'), { recursive: true });
    writeFileSync(join(dir, 'summary.json'), '{"my": "own summary"}\n');
    writeFileSync(join(dir, 'notes.txt'), 'keep me\n');
    writeFileSync(join(dir, 'drafts', 'plan.md'), '# plan\n');
    const before = snapshot(dir);
    expectRefused(routesim(tiny(dir)), /refusing to replace .*mine: it exists and is not a routesim results directory/);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(root).filter((n) => n.startsWith('mine'))).toEqual(['mine']);
  }, 30_000);

  it('routesim\'s own results with a file or a folder the user added: refused until they are moved away', () => {
    const out = join(root, 'ours');
    expect(routesim(tiny(out)).status).toBe(0);
    const written = listTree(out);
    writeFileSync(join(out, 'analysis.ipynb'), '{}');
    mkdirSync(join(out, 'charts', 'custom'));
    const before = snapshot(out);
    expectRefused(routesim(tiny(out)), /it holds files routesim did not write \(analysis\.ipynb, charts\/custom\/\)/);
    expect(snapshot(out)).toEqual(before);
    rmSync(join(out, 'analysis.ipynb'));
    rmSync(join(out, 'charts', 'custom'), { recursive: true });
    expect(routesim(tiny(out)).status).toBe(0);
    expect(listTree(out)).toEqual(written);
  }, 30_000);
});

describe('every command checks its output location before any work: exit 2, one line', () => {
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  /** Far more simulation than the test's time limit: only a check made first answers in time. */
  const heavy = ['scenarios/default.yaml', '--strategies', 'all', '--replications', '50', '--quiet'];
  const cases: [string, string[], RegExp][] = [
    ['compare, --out is a file', ['compare', ...heavy, '--out', file], /cannot write to .*a-file: it exists and is not a directory/],
    ['compare, --out under a file', ['compare', ...heavy, '--out', join(file, 'x')], /cannot write to .*a-file\/x: .*a-file is not a directory/],
    ['compare, --out under /proc', ['compare', ...heavy, '--out', '/proc/routesim-out'], /cannot write to \/proc\/routesim-out: \/proc does not accept new files/],
    ['compare --shard, --out is a file', ['compare', ...heavy, '--shard', '1/2', '--out', file], /cannot write to .*a-file: it exists and is not a directory/],
    ['sweep, --out under /proc', ['sweep', 'scenarios/default.yaml', '--set', 'seed=1,2,3', '--replications', '50', '--quiet', '--out', '/proc/x/y'], /cannot write to \/proc\/x\/y: \/proc does not accept new files/],
    ['quality, --out is a file', ['quality', 'scenarios/quality-routing.yaml', '--quiet', '--out', file], /cannot write to .*a-file: it exists and is not a directory/],
    ['fit latency, --out is a file', ['fit', 'latency', join(root, 'missing.json'), '--out', file], /cannot write to .*a-file: it exists and is not a directory/],
    ['fit outages, --out under /proc', ['fit', 'outages', join(root, 'missing.csv'), '--out', '/proc/fits'], /cannot write to \/proc\/fits: \/proc does not accept new files/],
    ['import litellm, --out is a directory', ['import', 'litellm', join(root, 'missing.yaml'), '--out', root], /cannot write to .*: it is a directory/],
    ['import litellm, --out under /proc', ['import', 'litellm', join(root, 'missing.yaml'), '--out', '/proc/x.yaml'], /cannot write to \/proc\/x\.yaml: \/proc does not accept new files/],
  ];

  it.each(cases)('%s', async (_name, args, message) => {
    const r = routesim(args, { timeoutMs: 30_000 });
    expectRefused(r, message);
  }, 40_000);

  it('merge: the output location is checked too', async () => {
    const shard = join(root, 'shard');
    expect((await routesimAsync(['compare', 'test/fixtures/lab-tiny.yaml', '--strategies', 'round-robin', '--replications', '1', '--shard', '1/1', '--out', shard])).status).toBe(0);
    expectRefused(routesim(['merge', shard, '--out', file]), /cannot write to .*a-file: it exists and is not a directory/);
    expectRefused(routesim(['merge', shard, '--out', '/proc/merged']), /\/proc does not accept new files/);
  }, 30_000);
});

describe('stale folders of dead processes', () => {
  it('are removed; an orphaned .old- folder (killed between the two renames) is put back; live ones are left', () => {
    const dir = join(root, 'stale');
    mkdirSync(join(dir, 'out.old-101'), { recursive: true });
    writeFileSync(join(dir, 'out.old-101', 'summary.json'), 'earlier');
    mkdirSync(join(dir, 'out.partial-102'));
    mkdirSync(join(dir, 'out.partial-103'));
    mkdirSync(join(dir, '.routesim-probe-104'));
    mkdirSync(join(dir, 'other.partial-105'));
    const alive = (pid: number) => pid === 103;
    expect(cleanStaleSiblings(join(dir, 'out'), alive)).toEqual(['.routesim-probe-104', 'out.old-101', 'out.partial-102']);
    expect(listTree(dir)).toEqual(['other.partial-105', 'out', 'out.partial-103', 'out/summary.json']);
  });
});
