import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/config/load-scenario.js';
import { runScenario } from '../src/sim/run-scenario.js';

const scenario = () => {
  const s = loadScenarioFile('scenarios/quickstart.yaml');
  return { ...s, durationS: 900 };
};

describe('determinism', () => {
  it('same scenario + seed ⇒ byte-identical summary', () => {
    const a = JSON.stringify(runScenario(scenario(), { strategy: 'p2c-ewma' }));
    const b = JSON.stringify(runScenario(scenario(), { strategy: 'p2c-ewma' }));
    expect(a).toBe(b);
  });

  it('a different seed gives a different run', () => {
    const a = runScenario(scenario(), { seed: 1 });
    const b = runScenario(scenario(), { seed: 2 });
    expect(a.requests.total).not.toBe(b.requests.total);
  });

  it('the arrival stream does not depend on the strategy (common random numbers)', () => {
    const arrivals = (strategy: string) => runScenario(scenario(), { strategy }).timeseries.map((b) => b.arrivals);
    const base = arrivals('round-robin');
    for (const s of ['cost', 'p2c', 'random', 'least-connections']) expect(arrivals(s)).toEqual(base);
  });

  it('adding a provider does not shift the arrival stream', () => {
    const s = scenario();
    const extra = { ...s.providers[2], id: 'delta' };
    const base = runScenario(s).timeseries.map((b) => b.arrivals);
    const more = runScenario({ ...s, providers: [...s.providers, extra] }).timeseries.map((b) => b.arrivals);
    expect(more).toEqual(base);
  });
});
