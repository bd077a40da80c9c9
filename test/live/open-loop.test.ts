import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { scenarioSchema } from '../../src/config/scenario-schema.js';
import type { LoadRecord } from '../../src/live/load/load-record.js';
import { startLoad } from '../../src/live/load/start-load.js';
import { startEmulated } from '../support/emulated-server.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** A target that never answers (every attempt times out): a closed-loop client would send one request and wait. */
const silent = scenarioSchema.parse({
  name: 'silent', seed: 4, durationS: 10,
  traffic: { arrivals: { kind: 'poisson', ratePerS: 30 }, inputTokens: 5, outputTokens: 5 },
  providers: [{ id: 'p', capacity: { maxConcurrent: 1000 }, latency: { ttftMs: 10, msPerOutputToken: 1 }, errors: { timeoutRate: 1 }, models: [{ id: 'm' }] }],
  router: { timeouts: { attemptMs: 4000, deadlineMs: 4000 } },
});

describe('open-loop replay', () => {
  it('sends every request on schedule while none is answered, then counts each as a timeout at the deadline', async () => {
    const k = 10;
    const srv = await startEmulated(silent, k);
    stop = srv.close;
    const records: LoadRecord[] = [];
    const load = startLoad({
      scenario: silent, timeScale: k, baseUrl: srv.baseUrl('p'),
      onRecord: (r) => records.push(r),
    });
    const result = await load.done;
    const stats = await (await request(srv.endpoints.ledgerUrl.replace('/ledger', '/stats'))).body.json() as { peakOpenCompletions: number };
    const arrivals = records.length;
    expect(arrivals).toBeGreaterThan(200); // Poisson(300)
    expect(result.lateness.sent).toBe(arrivals);
    expect(result.notSent).toBe(0);
    expect(records.every((r) => r.kind === 'timeout')).toBe(true);
    expect(result.summary.requests.failedByLastError).toEqual({ timeout: arrivals });
    // The deadline is 4 scenario s: over a 10 s arrival window at 30/s, ~120 hang at once.
    expect(stats.peakOpenCompletions).toBeGreaterThan(60);
    // Latency is measured from the due time: never below the deadline.
    for (const r of records) expect(r.latencyMs).toBeGreaterThanOrEqual(4000 - k);
  }, 60_000);
});
