import fc from 'fast-check';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatShard, parseShard, shardJobIndices } from '../src/lab/shard.js';
import { parseLosslessJson, toLosslessJson } from '../src/lab/shard-json.js';
import { MANIFEST_FILE } from '../src/lab/output-manifest.js';
import { PARTIAL_FILE, readPartial } from '../src/lab/shard-partial.js';
import { cli } from './support/cli.js';
import { expectSameTree } from './support/read-tree.js';

/**
 * `--shard i/N` + `routesim merge`: the N partial results of a run, merged in any order, give
 * exactly the bytes a single machine writes (summary, CSVs, report, charts); anything that
 * does not add up (a missing or repeated shard, shards of different runs, a damaged file, a
 * different routesim) is refused with exit code 2 and nothing written.
 */

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');
const root = mkdtempSync(join(tmpdir(), 'routesim-shard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});


async function ok(args: string[]): Promise<string> {
  const r = await cli(args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.exitCode, args.join(' ')).toBe(0);
  return r.stdout;
}

describe('--shard i/N', () => {
  it('parses 1-based shard ids and explains mistakes', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 1 / 1 ')).toEqual({ index: 1, count: 1 });
    expect(formatShard(parseShard('3/7'))).toBe('3/7');
    expect(() => parseShard('0/4')).toThrow(/between 1 and 4.*JOB_COMPLETION_INDEX, pass index \+ 1/);
    expect(() => parseShard('5/4')).toThrow(/i must be between 1 and 4/);
    expect(() => parseShard('1/0')).toThrow(/N must be at least 1/);
    for (const bad of ['2', '2/', '/4', 'a/b', '-1/4', '1.5/4']) expect(() => parseShard(bad), bad).toThrow(/expected i\/N/);
  });

  it('splits any plan into N slices that cover every job exactly once, job k in shard (k mod N) + 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (jobs, n) => {
        const seen = new Array<number>(jobs).fill(0);
        for (let i = 1; i <= n; i++) {
          const mine = shardJobIndices(jobs, { index: i, count: n });
          expect([...mine].sort((a, b) => a - b)).toEqual(mine);
          for (const k of mine) {
            expect((k % n) + 1).toBe(i);
            seen[k]++;
          }
          // Round robin: slices differ in size by at most one job.
          expect(Math.abs(mine.length - jobs / n)).toBeLessThan(1);
        }
        expect(seen.every((c) => c === 1)).toBe(true);
      }),
    );
  });
});

describe('lossless JSON of partial results', () => {
  it('round-trips NaN, ±Infinity, -0, undefined fields and odd keys exactly', () => {
    const special = fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, undefined, 5e-324, Number.MAX_VALUE);
    const leaf = fc.oneof(fc.double(), special, fc.string(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', '~', '~~x')), tie('node'), { noNullPrototype: true })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const back = parseLosslessJson(toLosslessJson({ v }));
        expect(back).toStrictEqual({ v });
        // And byte for byte (tags for NaN, -0, undefined included).
        expect(toLosslessJson(back)).toBe(toLosslessJson({ v }));
      }),
      { numRuns: 300 },
    );
    expect(Object.is((parseLosslessJson(toLosslessJson([-0])) as number[])[0], -0)).toBe(true);
    const o = parseLosslessJson(toLosslessJson({ a: undefined })) as object;
    expect(Object.prototype.hasOwnProperty.call(o, 'a')).toBe(true);
    expect(Object.getPrototypeOf(parseLosslessJson('{"__proto__": {"x": 1}}'))).toBe(Object.prototype);
  });
});

describe('routesim merge', () => {
  const cmp = ['--strategies', 'round-robin,p2c,oracle', '--replications', '2', '--quiet'];
  const single = join(root, 'single');
  const shards = [1, 2, 3, 4].map((i) => join(root, `shard-${i}`));

  it('merges shards given in any order into the bytes of a single-machine compare', async () => {
    const table = await ok(['compare', FIXTURE, ...cmp, '--workers', '1', '--out', single]);
    // 6 jobs on 4 shards: slices of 2, 2, 1, 1 jobs; shard 2 on a 2-worker pool, the others in process.
    for (const [i, dir] of shards.entries()) {
      const out = await ok(['compare', FIXTURE, ...cmp, '--shard', `${i + 1}/4`, '--workers', i === 1 ? '2' : '1', '--out', dir]);
      expect(out).toBe(`partial result: ${dir}/ (shard ${i + 1}/4: ${i < 2 ? 2 : 1} of 6 jobs); combine all 4 with 'routesim merge'\n`);
      expect(readdirSync(dir).sort()).toEqual([MANIFEST_FILE, PARTIAL_FILE]);
    }
    expect(readPartial(shards[2]).results.map((r) => [r.job, r.label])).toEqual([[2, 'oracle 1/2']]);
    for (const order of [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]]) {
      const merged = join(root, `merged-${order.join('')}`);
      const stdout = await ok(['merge', ...order.map((i) => shards[i]), '--out', merged, '--quiet']);
      expect(stdout).toBe(table.replace(single, merged));
      expectSameTree(merged, single);
    }
  }, 60_000);

  it('merges sweep shards into the bytes of a single-machine sweep (a shard may even be empty)', async () => {
    const sw = ['--set', 'traffic.arrivals.ratePerS=2,4', '--strategies', 'p2c', '--replications', '2', '--quiet', '--workers', '1'];
    const one = join(root, 'sweep-single');
    await ok(['sweep', FIXTURE, ...sw, '--out', one]);
    // 4 jobs on 5 shards: shard 5 has none.
    const dirs = [1, 2, 3, 4, 5].map((i) => join(root, `sweep-shard-${i}`));
    for (const [i, dir] of dirs.entries()) await ok(['sweep', FIXTURE, ...sw, '--shard', `${i + 1}/5`, '--out', dir]);
    expect(readPartial(dirs[4]).results).toEqual([]);
    const merged = join(root, 'sweep-merged');
    await ok(['merge', ...[...dirs].reverse(), '--out', merged, '--quiet']);
    expectSameTree(merged, one);
  }, 60_000);

  it("carries the scenario's claims check (job 1, so shard 1 runs it) into the merged result, without reading the scenario file", async () => {
    const file = join(root, 'claims.yaml');
    const claims = '\nclaims:\n  baselineProviders: [fast]\n  baselineStrategy: round-robin\n  routedStrategy: p2c\n  costReduction: 0.3\n  successRate: 0.99\n';
    writeFileSync(file, `${readFileSync(FIXTURE, 'utf8')}${claims}`);
    const args = ['compare', file, '--strategies', 'p2c,cost', '--replications', '2', '--quiet', '--workers', '1'];
    const one = join(root, 'claims-single');
    await ok([...args, '--out', one]);
    expect(JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8')).claims).toHaveLength(2);
    const dirs = [1, 2].map((i) => join(root, `claims-shard-${i}`));
    for (const [i, dir] of dirs.entries()) await ok([...args, '--shard', `${i + 1}/2`, '--out', dir]);
    expect(readPartial(dirs[0]).results.map((r) => r.label)).toEqual(['claims', 'cost 1/2', 'cost 2/2']);
    const merged = join(root, 'claims-merged');
    // The merge needs only the partials: not even the scenario file.
    rmSync(file);
    await ok(['merge', dirs[1], dirs[0], '--out', merged, '--quiet']);
    expectSameTree(merged, one);
  }, 30_000);

  it('defaults the merged directory to the single-machine default (shards default beside it)', async () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(root, 'cwd-'));
    process.chdir(here);
    try {
      for (const i of [1, 2]) await ok(['compare', FIXTURE, '--strategies', 'p2c', '--replications', '1', '--quiet', '--shard', `${i}/2`]);
      expect(readdirSync(join(here, 'results')).sort()).toEqual(['lab-tiny-p2c.shard-1-of-2', 'lab-tiny-p2c.shard-2-of-2']);
      await ok(['merge', 'results/lab-tiny-p2c.shard-2-of-2', 'results/lab-tiny-p2c.shard-1-of-2', '--quiet', '--json']);
      expect(JSON.parse(readFileSync(join(here, 'results', 'lab-tiny-p2c', 'summary.json'), 'utf8'))).toMatchObject({ kind: 'compare', replications: 1 });
    } finally {
      process.chdir(cwd);
    }
  }, 30_000);

  it('refuses partials that do not add up: exit 2, a message naming the problem, nothing written', async () => {
    const other = join(root, 'other-seed');
    await ok(['compare', FIXTURE, ...cmp, '--seed', '12', '--shard', '3/4', '--workers', '1', '--out', other]);
    const damaged = join(root, 'damaged');
    cpSync(shards[3], damaged, { recursive: true });
    const p = JSON.parse(readFileSync(join(damaged, PARTIAL_FILE), 'utf8'));
    writeFileSync(join(damaged, PARTIAL_FILE), JSON.stringify({ ...p, results: [] }));
    // The same four shards, as if written by another routesim.
    const foreign = shards.map((dir, i) => {
      const copy = join(root, `foreign-${i + 1}`);
      cpSync(dir, copy, { recursive: true });
      const q = JSON.parse(readFileSync(join(copy, PARTIAL_FILE), 'utf8'));
      writeFileSync(join(copy, PARTIAL_FILE), JSON.stringify({ ...q, routesimVersion: '9.9.9' }));
      return copy;
    });
    const broken = join(root, 'broken');
    cpSync(shards[3], broken, { recursive: true });
    writeFileSync(join(broken, PARTIAL_FILE), '{"format": "routesim-partial", ');
    const [s1, s2, s3, s4] = shards;
    const never = join(root, 'never');
    const cases: [string[], RegExp][] = [
      [[s1, s2, s4], /^routesim: cannot merge: missing shard 3\/4\n$/],
      [[s1, s2], /cannot merge: missing shards 3\/4, 4\/4/],
      [[s1, s2, s3, s4, s2], new RegExp(`cannot merge: shard 2/4 is given 2 times \\(${s2}, ${s2}\\)`)],
      [[s1, s2, other, s4], new RegExp(`cannot merge: ${s1} and ${other} come from different runs \\(different options: .*"seed":"12"`)],
      [[s1, s2, s3, damaged], /damaged partial result: shard 4\/4 should hold 1 job \(#4\), it holds 0 \(none\)/],
      [foreign, /cannot merge: the shards ran routesim 9\.9\.9 and this is routesim \d/],
      [[s1, s2, s3, foreign[3]], /come from different runs \(different routesim version: routesim \S+ vs routesim 9\.9\.9\)/],
      [[s1, s2, s3, broken], /partial\.json: not valid JSON/],
      [[s1, s2, s3, root], /no partial\.json here; pass the directories written by 'routesim compare\|sweep --shard i\/N'/],
      [[s1, s2, s3, single], /no partial\.json here \(it holds a complete result, not a shard\)/],
      [[s1, join(root, 'nope')], /nope: no such directory/],
    ];
    for (const [dirs, message] of cases) {
      const r = await cli(['merge', ...dirs, '--out', never]);
      expect(r.exitCode, dirs.join(' ')).toBe(2);
      expect(r.stderr, dirs.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    expect(existsSync(never)).toBe(false);
  }, 30_000);

  it('treats every field of a partial.json as untrusted: paths, numbers, text (exit 2, nothing written)', async () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(root, 'cwd-'));
    // Every shard tampered alike, so the checks that partials agree with each other cannot catch it.
    const tamper = (name: string, change: (p: Record<string, any>) => void): string[] =>
      shards.map((shard, i) => {
        const copy = join(root, `tampered-${name}-${i + 1}`);
        cpSync(shard, copy, { recursive: true });
        const p = parseLosslessJson(readFileSync(join(copy, PARTIAL_FILE), 'utf8')) as Record<string, any>;
        change(p);
        writeFileSync(join(copy, PARTIAL_FILE), toLosslessJson(p));
        return copy;
      });
    const escape = join(root, 'escaped-results');
    const cases: [string, (p: Record<string, any>) => void, RegExp][] = [
      ['absolute-out', (p) => (p.defaultOutDir = escape), /'defaultOutDir' must be a directory under results\/ as routesim names them/],
      ['dotdot-out', (p) => (p.defaultOutDir = 'results/../../escaped-results'), /'defaultOutDir' must be a directory under results\//],
      ['uptime-421', (p) => (p.results[0].result.cell.values.uptime = 4.21), /results\[0\]: metric 'uptime' is 4\.21, outside 0\.\.1/],
      ['negative-cost', (p) => (p.results[0].result.cell.values.costTotalUsd = -5), /metric 'costTotalUsd' is -5, outside 0\.\./],
      ['escape-label', (p) => (p.results[0].label = 'p2c \u001b]0;pwned\u0007'), /'results'\[0\]\.label holds a control character/],
      ['bidi-name', (p) => (p.scenario.base.name = 'lab\u202etiny'), /'scenario'\.base\.name holds a control character/],
    ];
    process.chdir(here);
    try {
      for (const [name, change, message] of cases) {
        const r = await cli(['merge', ...tamper(name, change)]);
        expect(r.exitCode, name).toBe(2);
        expect(r.stderr, name).toMatch(message);
        expect(r.stderr.trim().split('\n'), name).toHaveLength(1);
        expect(existsSync(escape), name).toBe(false);
        expect(readdirSync(here), name).toEqual([]);
      }
      // The untampered shards still merge into ./results/<name>.
      expect((await cli(['merge', ...shards, '--json', '--quiet'])).exitCode).toBe(0);
      expect(readdirSync(join(here, 'results'))).toEqual(['lab-tiny-round-robin+p2c+oracle']);
    } finally {
      process.chdir(cwd);
    }
  }, 30_000);

  it('refuses a bad --shard (exit 2) and will not overwrite a directory that is not a partial', async () => {
    const bad = await cli(['compare', FIXTURE, '--strategies', 'p2c', '--shard', '0/3', '--out', join(root, 'never')]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--shard 0\/3: i must be between 1 and 3/);
    const taken = await cli(['compare', FIXTURE, ...cmp, '--shard', '1/4', '--workers', '1', '--out', single]);
    expect(taken.exitCode).toBe(2);
    expect(taken.stderr).toMatch(/refusing to replace .*single: it exists and is not a routesim partial directory/);
    expect(existsSync(join(single, 'summary.json'))).toBe(true);
    // Re-running a shard replaces its own partial.
    await ok(['compare', FIXTURE, ...cmp, '--shard', '4/4', '--workers', '1', '--out', shards[3]]);
    expect(readdirSync(root).filter((n) => n.includes('.old-') || n.includes('.partial-'))).toEqual([]);
  }, 30_000);
});
