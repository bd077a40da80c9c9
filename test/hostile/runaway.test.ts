import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/load-scenario.js';
import { formatScenarioError, ScenarioError } from '../../src/config/scenario-error.js';
import { scenarioSchema, type Scenario } from '../../src/config/scenario-schema.js';
import { createRng } from '../../src/core/rng.js';
import { RunMetrics } from '../../src/metrics/run-metrics.js';
import { checkEventBudget, EventBudgetError } from '../../src/sim/estimate-events.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import { buildDeployments } from '../../src/sim/world/build-deployments.js';
import { World } from '../../src/sim/world/world.js';

/**
 * Runaways: schema-valid scenarios that used to hang or exhaust memory (4.5 GB, then a V8
 * abort). Each shape is either refused before the run (a one-line message naming the file
 * and the field that makes the events, exit 2 through the CLI) or runs in memory bounded by
 * construction, checked here by counting the structures that used to grow.
 */
const CORPUS = join(import.meta.dirname, 'corpus');

interface Refused {
  file: string;
  /** `line:column: field` the message starts with. */
  at: string;
  /** Fragments of the message. */
  says: string[];
}

const REFUSED_BY_ESTIMATE: Refused[] = [
  { file: 'runaway-outlier-sweep.yaml', at: '9:40: router.outlierDetection.sweepIntervalMs', says: ['estimated at 8.64e+9 events', 'most from router.outlierDetection.sweepIntervalMs', '--max-events 1.0e+10'] },
  { file: 'runaway-incident-flapping.yaml', at: '10:9: providers[0].incidents[0]', says: ['most from providers[0].incidents[0]', 'timeBetweenS or durationS longer'] },
  { file: 'runaway-looped-trace.yaml', at: '5:10: traffic.trace', says: ['most from traffic.trace', 'lower timeScale or loop: false'] },
  { file: 'runaway-bursty-switching.yaml', at: '5:13: traffic.arrivals', says: ['most from traffic.arrivals', 'short bursty states switch constantly'] },
  { file: 'runaway-thinning-spike.yaml', at: '5:13: traffic.arrivals', says: ['most from traffic.arrivals', 'a short peak sets the thinning rate'] },
  { file: 'runaway-overloaded-queue.yaml', at: '9:48: router.timeouts.deadlineMs', says: ['more requests than its providers can serve', 'up to 3.60e+6 requests would wait at once', 'capacity.maxQueue'] },
];

describe('runaway shapes refused before they run', () => {
  it.each(REFUSED_BY_ESTIMATE)('$file:$at → $says', ({ file, at, says }) => {
    const path = join(CORPUS, file);
    const s = loadScenarioFile(path); // schema-valid: only the estimate can stop it
    let err: unknown;
    try {
      checkEventBudget(s, undefined, path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EventBudgetError);
    const message = (err as EventBudgetError).message;
    expect(message.startsWith(`${path}:${at}: scenario '${s.name}'`), message).toBe(true);
    for (const fragment of says) expect(message).toContain(fragment);
    expect(message).not.toContain('\n');
  });

  it('runaway-tiny-buckets.yaml: 86,400,000 time-series buckets are refused by the schema, at the line of bucketS', () => {
    const path = join(CORPUS, 'runaway-tiny-buckets.yaml');
    let err: unknown;
    try {
      loadScenarioFile(path);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect(formatScenarioError(err as ScenarioError)).toBe(
      `${path}:8:12: metrics.bucketS: makes 86,400,000 time-series buckets over durationS 86400, more than the 100,000 a run keeps; use bucketS >= 0.864 (got 0.001)`,
    );
    // The suggested value is accepted (rounded up, not down).
    expect(scenarioSchema.safeParse({ ...base(), durationS: 86_400, metrics: { bucketS: 0.864 } }).success).toBe(true);
    const third = scenarioSchema.safeParse({ ...base(), durationS: 1000 / 3, metrics: { bucketS: 0.001 } });
    expect(third.error?.issues[0].message).toContain('use bucketS >= 0.00334'); // 0.003333… rounded up
    expect(scenarioSchema.safeParse({ ...base(), durationS: 1000 / 3, metrics: { bucketS: 0.00334 } }).success).toBe(true);
  });

  it('an estimate that comes out infinite is refused without suggesting --max-events Infinity', () => {
    const s = scenarioSchema.parse({ ...base(), router: { outlierDetection: { sweepIntervalMs: Number.MIN_VALUE } } });
    expect(() => checkEventBudget(s)).toThrow(/estimated at Infinity events.*sweep less often\)$/);
  });
});

function base(): Record<string, unknown> {
  return { name: 'shape', durationS: 60, traffic: { arrivals: { kind: 'poisson', ratePerS: 1 } }, providers: [{ id: 'p', models: [{ id: 'm' }] }] };
}

describe('runaway shapes bounded by construction', () => {
  it('a bursty calm state that never ends (no calm arrivals, mean 1e306 s) ends the stream instead of spinning', () => {
    const s = scenarioSchema.parse({ ...base(), traffic: { arrivals: { kind: 'bursty', calmRatePerS: 0, burstRatePerS: 5, meanCalmS: 1e306, meanBurstS: 1 } } });
    checkEventBudget(s);
    const run = runScenario(s);
    expect(run.requests.total).toBe(0); // the first calm state outlasts any horizon
  });

  it('stochastic incidents are generated one window at a time: 2e4 windows, at most one pending per spec', () => {
    const s = scenarioSchema.parse({
      ...base(),
      durationS: 40,
      traffic: { arrivals: { kind: 'poisson', ratePerS: 0.1 } },
      providers: [{
        id: 'p', models: [{ id: 'm' }],
        incidents: [
          { kind: 'errors', timeBetweenS: 0.001, durationS: 0.001 },
          { kind: 'brownout', timeBetweenS: { kind: 'exponential', mean: 0.002 }, durationS: 0.001 },
          { kind: 'down', startS: 10, durationS: 1 },
        ],
      }],
    });
    const scheduler = new SimScheduler();
    const world = new World(s, buildDeployments(s), scheduler, createRng(1).fork('world'), () => {}, () => {});
    // Before: every window of the horizon was built and scheduled up front (2 events each).
    expect(scheduler.pending).toBe(2 * 3);
    let peakPending = 0;
    for (let t = 1000; t <= 40_000; t += 1000) {
      scheduler.run(t);
      peakPending = Math.max(peakPending, scheduler.pending);
    }
    expect(peakPending).toBeLessThanOrEqual(2 * 3);
    // 20,000 windows of the constant spec alone (one per 2 ms) plus the others: the log is capped.
    expect(world.incidentsTruncated).toBe(true);
    expect(world.incidents.length).toBe(20_000);
    const starts = world.incidents.map((w) => w.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('the run summary says when its incident list was cut, and only then', () => {
    const flapping = (durationS: number): Scenario => scenarioSchema.parse({
      ...base(), durationS, traffic: { arrivals: { kind: 'poisson', ratePerS: 0.1 } },
      providers: [{ id: 'p', models: [{ id: 'm' }], incidents: [{ kind: 'errors', timeBetweenS: 0.009, durationS: 0.001 }] }],
    });
    const cut = runScenario(flapping(300)); // 30,000 windows
    expect(cut.incidents.length).toBe(20_000);
    expect(cut.incidentsTruncated).toBe(true);
    const whole = runScenario(flapping(100)); // 10,000 windows
    expect(whole.incidents.length).toBe(10_000);
    expect('incidentsTruncated' in whole).toBe(false);
  });

  it('time-series buckets stop at the horizon: a bill or attempt far in the future allocates nothing', () => {
    const s = scenarioSchema.parse(base());
    const metrics = new RunMetrics(s.metrics, 60_000, new Map([['p/m', 0]]));
    metrics.onAttemptSent(0, 30_000);
    expect(metrics.bucketsHeld).toBe(1);
    // Before: these indexed bucket 1.7e10 and pushed every bucket up to it (out of memory).
    metrics.onAttemptSent(0, 1e15);
    metrics.onBilled(0, 1, 1e15);
    expect(metrics.bucketsHeld).toBe(1);
    expect(metrics.timeseries()).toHaveLength(1);
    expect(metrics.costUsd).toBe(1); // the bill still counts in the totals
  });

  it('a hung attempt retried after a timeout of 1e13 ms (bucket 1.7e8 when buckets grew to any index) runs, reporting the horizon only', () => {
    const s = scenarioSchema.parse({
      ...base(),
      traffic: { arrivals: { kind: 'poisson', ratePerS: 0.2 } },
      providers: [{ id: 'p', models: [{ id: 'm' }], errors: { timeoutRate: 1 } }],
      router: { retries: { maxRetries: 1, budgetMinRetries: 100 }, timeouts: { attemptMs: 1e13, deadlineMs: 3e13 } },
    });
    const run = runScenario(s);
    expect(run.retries).toBeGreaterThan(0); // the retries were sent at ~1e13 ms
    expect(run.timeseries).toHaveLength(1);
    expect(run.deployments[0].attempts).toBe(run.requests.total * 2);
  });
});
