import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { evaluateClaims } from '../src/lab/claims.js';
import { compareLabPlan, compareStrategies, planCompare } from '../src/lab/compare.js';
import { LabStoppedError } from '../src/lab/errors.js';
import type { PlannedJob } from '../src/lab/pool/lab-job.js';
import { WorkerUserError } from '../src/lab/pool/pool-errors.js';
import { describeFailure } from '../src/cli/user-error.js';
import { QualityDataError } from '../src/sim/traffic/quality/quality-data-error.js';
import { runJobs } from '../src/lab/pool/run-jobs.js';
import { LabWorkerPool } from '../src/lab/pool/worker-pool.js';
import { workerEntryUrl } from '../src/lab/pool/worker-entry.js';
import { readScenarioSource } from '../src/lab/scenario-source.js';
import { toLosslessJson } from '../src/lab/shard-json.js';
import { planLabRequest } from '../src/lab/shard-request.js';
import { toStableJson } from '../src/lab/stable-json.js';
import { buildSweepPoints, sweepScenario } from '../src/lab/sweep.js';
import { parseSetArgs } from '../src/lab/sweep-settings.js';
import { cli } from './support/cli.js';
import { expectSameTree, readTree } from './support/read-tree.js';
import { BIN, expectNoStack } from './support/routesim-process.js';

/**
 * The worker pool behind `compare` and `sweep`: results on worker threads are bit-identical to
 * results in process (every job is a pure function of its inputs, aggregation is in plan
 * order), stops are immediate, worker failures surface. The workers run the compiled
 * dist/lab/pool/worker.js: `npm test` builds dist/ first.
 */

const FIXTURE = join(import.meta.dirname, 'fixtures', 'lab-tiny.yaml');
const src = readScenarioSource(FIXTURE);
const root = mkdtempSync(join(tmpdir(), 'routesim-pool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const comparePlan = () =>
  // The oracle never "detects" the outage: NaN metrics and undefined fields travel through the pool too.
  compareLabPlan(planCompare(src.scenario, { strategies: ['round-robin', 'p2c', 'oracle'], replications: 2, origin: { file: src.file, sha256: src.sha256 }, routesimVersion: 't' }));

describe('runJobs', () => {
  it('gives bit-identical results on 2 workers and in process (NaN and undefined fields included)', async () => {
    const plan = comparePlan();
    const inProcess = await runJobs(plan.context, plan.jobs, { workers: 1 });
    const finished: string[] = [];
    const progress: number[] = [];
    const pooled = await runJobs(plan.context, plan.jobs, {
      workers: 2,
      onProgress: (f, label) => {
        progress.push(f);
        finished.push(label);
      },
    });
    expect(toLosslessJson(pooled)).toBe(toLosslessJson(inProcess));
    // The comparison above covers non-finite numbers and present-but-undefined fields.
    expect(toLosslessJson(inProcess)).toMatch(/"meanDetectS":\{"~":"NaN"\}/);
    expect(toLosslessJson(inProcess)).toMatch(/"detectS":\{"~":"undefined"\}/);
    // The aggregate equals the library's sequential comparison, byte for byte.
    const library = compareStrategies(src.scenario, { strategies: ['round-robin', 'p2c', 'oracle'], replications: 2, origin: { file: src.file, sha256: src.sha256 }, routesimVersion: 't' });
    expect(toStableJson(plan.aggregate(pooled))).toBe(toStableJson(library));
    // Progress counts finished jobs: k/6 for k = 1..6, each job once.
    expect(progress).toEqual([1, 2, 3, 4, 5, 6].map((k) => k / 6));
    expect([...finished].sort()).toEqual(plan.jobs.map((j) => j.label).sort());
  }, 20_000);

  it('runs a sweep plan on workers to the library sweep, byte for byte', async () => {
    const axes = parseSetArgs(['traffic.arrivals.ratePerS=2,4']);
    const plan = planLabRequest({ kind: 'sweep', axes, strategies: ['p2c', 'round-robin'], replications: 2 }, src, 't');
    const pooled = await runJobs(plan.context, plan.jobs, { workers: 2 });
    const { base, points } = buildSweepPoints(src.text, src.file, axes);
    const library = sweepScenario(base, points, { axes, strategies: ['p2c', 'round-robin'], replications: 2, origin: { file: src.file, sha256: src.sha256 }, routesimVersion: 't' });
    expect(toStableJson(plan.aggregate(pooled))).toBe(toStableJson(library));
  }, 20_000);

  it("runs the scenario's claims check as one job, equal to evaluateClaims in process", async () => {
    const text = `${src.text}\nclaims:\n  baselineProviders: [fast]\n  baselineStrategy: round-robin\n  routedStrategy: p2c\n  responseTimeImprovement: 0.1\n  costReduction: 0.3\n  successRate: 0.99\n`;
    const file = join(root, 'claims.yaml');
    writeFileSync(file, text);
    const withClaims = readScenarioSource(file);
    const plan = planLabRequest({ kind: 'compare', strategies: ['p2c', 'round-robin'], replications: 2 }, withClaims, 't');
    expect(plan.jobs.map((j) => j.label)).toEqual(['claims', 'p2c 1/2', 'round-robin 1/2', 'p2c 2/2', 'round-robin 2/2']);
    const pooled = await runJobs(plan.context, plan.jobs, { workers: 2 });
    const expected = evaluateClaims(withClaims.scenario, withClaims.scenario.claims!, 2, '11');
    expect(expected).toHaveLength(3);
    expect(pooled[0]).toEqual({ kind: 'claims', verdicts: expected });
    expect(plan.aggregate(pooled).claims).toEqual(expected);
  }, 20_000);

  it('stops at once when aborted: no further job is handed out, LabStoppedError counts the finished ones', async () => {
    const plan = comparePlan();
    const stop = new AbortController();
    let calls = 0;
    const run = runJobs(plan.context, plan.jobs, {
      workers: 2,
      stop: stop.signal,
      onProgress: () => {
        calls++;
        stop.abort();
      },
    });
    await expect(run).rejects.toThrow(LabStoppedError);
    await run.catch((e: LabStoppedError) => expect([e.completedRuns, e.totalRuns]).toEqual([1, 6]));
    expect(calls).toBe(1);
  }, 20_000);

  it('also stops on shouldStop (polled as jobs finish), and in process between runs', async () => {
    const plan = comparePlan();
    let done = 0;
    const pooled = runJobs(plan.context, plan.jobs, { workers: 2, onProgress: () => done++, shouldStop: () => done >= 2 });
    await expect(pooled).rejects.toMatchObject({ name: 'LabStoppedError', completedRuns: 2, totalRuns: 6 });
    let pauses = 0;
    const inProcess = runJobs(plan.context, plan.jobs, {
      workers: 1,
      pause: async () => void pauses++,
      // Asked to stop at the 4th pause: after 3 complete runs.
      shouldStop: () => pauses >= 4,
    });
    await expect(inProcess).rejects.toMatchObject({ name: 'LabStoppedError', completedRuns: 3, totalRuns: 6 });
    expect(pauses).toBe(4);
  }, 20_000);

  it('a kept pool runs batch after batch on the same threads (a sequential compare\'s rounds), to the in-process bytes; a stop closes it', async () => {
    const plan = comparePlan();
    const inProcess = await runJobs(plan.context, plan.jobs, { workers: 1 });
    const pool = new LabWorkerPool(plan.context, 2);
    try {
      const first = await pool.run(plan.jobs.slice(0, 4));
      const second = await pool.run(plan.jobs.slice(4));
      expect(toLosslessJson([...first, ...second])).toBe(toLosslessJson(inProcess));
      const stop = new AbortController();
      const stopped = pool.run(plan.jobs, { stop: stop.signal, onProgress: () => stop.abort() });
      await expect(stopped).rejects.toThrow(LabStoppedError);
      // Closed by the stop: a further batch is refused with the same reason, not run on dead threads.
      await expect(pool.run(plan.jobs)).rejects.toThrow(LabStoppedError);
    } finally {
      await pool.close();
    }
  }, 30_000);

  it('an aborted signal before the start runs nothing', async () => {
    const plan = comparePlan();
    const stop = new AbortController();
    stop.abort();
    await expect(runJobs(plan.context, plan.jobs, { workers: 2, stop: stop.signal })).rejects.toMatchObject({ completedRuns: 0, totalRuns: 6 });
    await expect(runJobs(plan.context, plan.jobs, { workers: 1, stop: stop.signal })).rejects.toMatchObject({ completedRuns: 0, totalRuns: 6 });
  });

  it('a user mistake inside a worker comes back as a user error with the original message (exit 2 in the CLI)', async () => {
    const plan = comparePlan();
    const jobs: PlannedJob[] = [plan.jobs[0], { job: { kind: 'cell', point: 0, strategy: 'no-such-strategy', replication: 1 }, label: 'bogus 1/1' }];
    const run = runJobs(plan.context, jobs, { workers: 2 });
    await expect(run).rejects.toThrow(WorkerUserError);
    await expect(run).rejects.toThrow(/Unknown strategy 'no-such-strategy'/);
    // What the CLI prints is the same text, with the same exit code, as without workers.
    const onPool = describeFailure(await run.catch((e: unknown) => e));
    const inProcess = describeFailure(await runJobs(plan.context, jobs, { workers: 1 }).catch((e: unknown) => e));
    expect(onPool).toEqual({ exitCode: 2, message: inProcess.message });
  }, 20_000);

  it('every user error keeps its CLI text across the thread boundary, context included', () => {
    const original = new QualityDataError('data/gsm8k', 'no such file or folder');
    // What worker.ts sends and worker-pool.ts rebuilds.
    const rebuilt = new WorkerUserError(original.userMessage);
    expect(describeFailure(rebuilt)).toEqual(describeFailure(original));
    expect(describeFailure(original).message).toBe('quality data: data/gsm8k: no such file or folder');
  });
});

describe('workerEntryUrl', () => {
  it('is the sibling worker.js in the build, and the built worker when running from sources', () => {
    expect(workerEntryUrl('file:///x/dist/lab/pool/worker-pool.js').href).toBe('file:///x/dist/lab/pool/worker.js');
    const fromSources = workerEntryUrl(pathToFileURL(join(import.meta.dirname, '..', 'src', 'lab', 'pool', 'worker-entry.ts')).href);
    expect(fromSources.href).toBe(pathToFileURL(join(import.meta.dirname, '..', 'dist', 'lab', 'pool', 'worker.js')).href);
    expect(() => workerEntryUrl('file:///nowhere/src/lab/pool/worker-entry.ts')).toThrow(/npm run build/);
  });
});



describe('routesim compare / sweep --workers', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('--workers 2 writes exactly the bytes of --workers 1 (compare and sweep)', async () => {
    for (const [cmd, extra] of [
      ['compare', ['--strategies', 'round-robin,p2c,least-connections']],
      ['sweep', ['--set', 'providers.0.capacity.maxConcurrent=2,8', '--strategies', 'p2c']],
    ] as const) {
      const one = await cli([cmd, FIXTURE, ...extra, '--replications', '2', '--workers', '1', '--out', join(root, `${cmd}-1`), '--quiet']);
      const two = await cli([cmd, FIXTURE, ...extra, '--replications', '2', '--workers', '2', '--out', join(root, `${cmd}-2`), '--quiet']);
      expect([one.exitCode, two.exitCode, one.stderr, two.stderr]).toEqual([0, 0, '', '']);
      expect(two.stdout.replace(`${cmd}-2`, `${cmd}-1`)).toBe(one.stdout);
      expectSameTree(join(root, `${cmd}-2`), join(root, `${cmd}-1`));
      const files = [...readTree(join(root, `${cmd}-1`)).keys()];
      expect(files.includes('summary.json') && files.includes('report.md') && files.some((f) => f.endsWith('.svg'))).toBe(true);
    }
  }, 60_000);

  it('refuses a bad --workers with exit code 2', async () => {
    for (const w of ['0', '1.5', '-2']) {
      const r = await cli(['compare', FIXTURE, '--strategies', 'p2c', '--workers', w, '--out', join(root, 'never')]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/--workers must be a whole number >= 1/);
    }
  });
});

describe('Ctrl-C on a worker pool (the real binary)', () => {
  it('the first SIGINT terminates the workers: exit 130, nothing written, no partial directories', async () => {
    const out = join(root, 'interrupted');
    // 2 points × 20 replications of the default scenario: far more work than the signal needs to arrive.
    const child = spawn(process.execPath, [BIN, 'sweep', 'scenarios/default.yaml', '--set', 'seed=1,2', '--strategies', 'p2c', '--replications', '20', '--workers', '2', '--out', out]);
    let stderr = '';
    // The header is written once Ctrl-C is handled, just before the pool starts.
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (d) => {
        stderr += String(d);
        if (stderr.includes('= 40 runs')) resolve();
      }),
    );
    child.kill('SIGINT');
    // 'close', not 'exit': every byte of stderr has arrived by then.
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopping… \(Ctrl-C again to quit now\)/);
    expect(stderr).toMatch(/stopped after \d+ of 40 runs; no results were written; earlier results are untouched/);
    expectNoStack(stderr);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(root).filter((n) => n.includes('.partial-') || n.includes('.old-'))).toEqual([]);
  }, 30_000);
});
