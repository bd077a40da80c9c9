import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/config/load-scenario.js';
import { scenarioSchema } from '../src/config/scenario-schema.js';
import { STRATEGY_NAMES } from '../src/routing/strategies/registry.js';
import { replicationSeed, runScenario } from '../src/sim/run-scenario.js';
import { TrafficCache } from '../src/sim/traffic/traffic-cache.js';

// The default scenario cut to 5 minutes (~18k requests), a third of them streamed.
const base = loadScenarioFile('scenarios/default.yaml');
const scenario = scenarioSchema.parse({ ...base, durationS: 300, traffic: { ...base.traffic, streamFraction: 0.3 } });

function deepFreeze(x: unknown): void {
  if (typeof x !== 'object' || x === null || Object.isFrozen(x)) return;
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v);
}

describe('traffic cache: strategies of a replication share its requests', () => {
  it('every strategy gives the same bytes on replayed, frozen requests as on freshly generated ones', () => {
    const cache = new TrafficCache();
    runScenario(scenario, { strategy: 'round-robin', replication: 2, trafficCache: cache });
    const kept = cache.kept!;
    expect(kept.length).toBeGreaterThan(15_000);
    deepFreeze(kept); // a strategy or the world changing a shared request would throw (ES modules are strict)
    for (const strategy of STRATEGY_NAMES) {
      const fresh = runScenario(scenario, { strategy, replication: 2 });
      const replayed = runScenario(scenario, { strategy, replication: 2, trafficCache: cache });
      expect(JSON.stringify(replayed), strategy).toBe(JSON.stringify(fresh));
    }
    expect(cache.kept).toBe(kept);
  });

  it('another replication or scenario records afresh; a run stopped early or a traffic over the cap keeps nothing', () => {
    const cache = new TrafficCache();
    runScenario(scenario, { replication: 1, trafficCache: cache });
    const first = cache.kept!;
    runScenario(scenario, { replication: 2, trafficCache: cache });
    expect(cache.kept).not.toBe(first);
    expect(cache.kept![0].arrivalMs).not.toBe(first[0].arrivalMs);
    const other = scenarioSchema.parse({ ...scenario, durationS: 200 });
    runScenario(other, { replication: 2, trafficCache: cache });
    expect(cache.kept!.at(-1)!.arrivalMs).toBeLessThan(300_000);

    let polls = 0;
    const stopped = new TrafficCache();
    runScenario(scenario, { replication: 1, trafficCache: stopped, shouldStop: () => ++polls > 2 });
    expect(stopped.kept).toBeUndefined();

    const small = new TrafficCache(1_000);
    const over = runScenario(scenario, { replication: 1, trafficCache: small });
    expect(small.kept).toBeUndefined();
    expect(JSON.stringify(over)).toBe(JSON.stringify(runScenario(scenario, { replication: 1 })));
    expect(replicationSeed(scenario.seed, 1)).not.toBe(replicationSeed(scenario.seed, 2));
  });
});
