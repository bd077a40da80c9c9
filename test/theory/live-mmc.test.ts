import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { RealScheduler } from '../../src/core/real-scheduler.js';
import { sendChat } from '../../src/live/load/send-chat.js';
import { startLoad } from '../../src/live/load/start-load.js';
import type { LoadRecord } from '../../src/live/load/load-record.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { queueScenario } from '../support/queue-scenario.js';
import { startEmulated } from '../support/emulated-server.js';
import { FAMILY_LEVEL, tQuantile } from '../support/stats.js';

/**
 * `load` straight against `providers`: one provider with exponential service and c slots (an
 * M/M/c queue) at time scale k = 10, through real HTTP. The live mean sojourn must fall inside
 * the simulator's 99.9% prediction interval for one run of that length, widened by the
 * overhead measured in the same run (HTTP hop + timer lateness, from a constant-service probe
 * provider queried throughout): the lower end as simulated, the upper end simulated with the
 * service mean raised by the overhead (it holds the slot longer) plus the overhead once more
 * (the hop). Sized for ~15 s real.
 */
const K = 10;
const SERVICE_MS = 200;
const C = 4;
const LAMBDA_PER_S = 14; // ρ = 0.7
const DURATION_S = 150;
const WARMUP_S = 15;
const REPLICATIONS = 30;
const PROBE_MS = 100;

const scenarioAt = (serviceMeanMs: number, seed = 1) => queueScenario({
  lambdaPerS: LAMBDA_PER_S, servers: C, serviceMs: { kind: 'exponential', mean: serviceMeanMs }, durationS: DURATION_S, warmupS: WARMUP_S, seed,
});

/** The 99.9% interval for one run's mean sojourn, from independent simulated runs. */
function predictionInterval(serviceMeanMs: number): { lo: number; hi: number; mean: number } {
  const xs = Array.from({ length: REPLICATIONS }, (_, r) => runScenario(scenarioAt(serviceMeanMs, 1000 + r)).latencyMs.mean);
  const half = tQuantile(FAMILY_LEVEL, REPLICATIONS - 1) * sampleStandardDeviation(xs) * Math.sqrt(1 + 1 / REPLICATIONS);
  return { mean: mean(xs), lo: mean(xs) - half, hi: mean(xs) + half };
}

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of stops) await s();
});

describe('load against emulated providers: M/M/c through HTTP at k = 10', () => {
  it('mean sojourn inside the simulator\'s interval widened by the measured overhead', async () => {
    const scenario = scenarioAt(SERVICE_MS);
    const srv = await startEmulated(scenario, K);
    stops.push(srv.close);
    const probeSrv = await startEmulated(queueScenario({ lambdaPerS: 1, servers: 10_000, serviceMs: PROBE_MS, durationS: DURATION_S, warmupS: 0 }), K);
    stops.push(probeSrv.close);

    // The overhead, measured while the load runs: sequential requests to a provider that always takes PROBE_MS.
    const overheadsMs: number[] = [];
    let loading = true;
    const clock = new RealScheduler();
    const agent = new Agent({ connections: 1 });
    const probing = (async () => {
      for (let i = 0; loading && i < 10_000; i++) {
        const m = await new Promise<{ latencyRealMs: number; kind: string }>((resolve) =>
          sendChat({ id: i, arrivalMs: 0, inputTokens: 1, expectedOutputTokens: 1, qualityTier: 'medium' }, 0, {
            dispatcher: agent, baseUrl: probeSrv.baseUrl('p'), model: 'm', headers: {}, deadlineRealMs: 60_000, clock,
          }, resolve));
        expect(m.kind).toBe('success');
        overheadsMs.push(m.latencyRealMs * K - PROBE_MS);
      }
    })();

    const records: LoadRecord[] = [];
    const result = await startLoad({ scenario, timeScale: K, baseUrl: srv.baseUrl('p'), onRecord: (r) => records.push(r) }).done;
    loading = false;
    await probing;
    await agent.close();

    const measured = records.filter((r) => r.dueMs >= WARMUP_S * 1000);
    expect(measured.every((r) => r.ok)).toBe(true);
    expect(result.summary.requests.total).toBe(measured.length);
    // From the send (the load generator's own lateness is reported apart).
    const liveMeanMs = mean(measured.map((r) => r.latencyRealMs * K));
    const overheadMs = mean(overheadsMs);
    expect(overheadsMs.length).toBeGreaterThan(20);

    const nominal = predictionInterval(SERVICE_MS);
    const inflated = predictionInterval(SERVICE_MS + overheadMs);
    const lo = nominal.lo;
    const hi = inflated.hi + overheadMs;
    const report = {
      requests: measured.length, liveMeanSojournMs: liveMeanMs, liveMeanWaitMs: liveMeanMs - SERVICE_MS,
      // One-to-one: the simulator on the live run's own seed (same arrivals, same service draws).
      simulatedSameSeedMs: runScenario(scenario).latencyMs.mean,
      overheadScenarioMs: overheadMs, overheadRealMs: overheadMs / K, simulatedMeanMs: nominal.mean, interval: [lo, hi],
      sendLatenessRealMs: result.lateness,
    };
    process.stdout.write(`live M/M/${C} at k=${K}: ${JSON.stringify(report)}\n`);
    expect(liveMeanMs).toBeGreaterThanOrEqual(lo);
    expect(liveMeanMs).toBeLessThanOrEqual(hi);
  }, 120_000);
});
