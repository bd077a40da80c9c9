import { describe, expect, it } from 'vitest';
import { scenarioSchema } from '../src/config/scenario-schema.js';
import { runScenario } from '../src/sim/run-scenario.js';

const provider = (id: string, extra: Record<string, unknown> = {}) => ({
  id, latency: { ttftMs: 100, msPerOutputToken: 1 }, models: [{ id: 'm', inputUsdPerMTok: 1, outputUsdPerMTok: 1 }], ...extra,
});

describe('cost routing follows a price change that splits a shared price point', () => {
  // hybrid and quality-threshold hold a cost strategy of their own: the notice must reach it.
  it.each(['cost', 'hybrid', 'quality-threshold'])('%s: two deployments at one price until b gets cheaper at 20 s: a (first in order) until then, b after', (strategy) => {
    const s = scenarioSchema.parse({
      name: 'price-split', seed: 1, durationS: 60,
      traffic: { arrivals: { kind: 'poisson', ratePerS: 5 } },
      providers: [provider('a'), provider('b', { priceChanges: [{ atS: 20, model: 'm', inputUsdPerMTok: 0.5 }] })],
      router: { strategy },
    });
    const run = runScenario(s);
    const [a, b] = run.deployments;
    // The cost index groups a and b as one price point; the world tells the strategy of the change.
    expect(a.attempts).toBeGreaterThan(0);
    expect(b.attempts).toBeGreaterThan(0);
    // ~100 of ~300 arrivals come before 20 s (Poisson: a share of 1/3 ± 0.08 at 3 sd).
    expect(b.share).toBeGreaterThan(0.58);
    expect(b.share).toBeLessThan(0.75);
    expect(a.attempts + b.attempts).toBe(run.requests.total);
  });
});
