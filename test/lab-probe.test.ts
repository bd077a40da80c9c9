import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { it } from 'vitest';
import { scenarioSchema } from '../src/config/scenario-schema.js';
import { runScenario } from '../src/sim/run-scenario.js';
import { STRATEGY_NAMES } from '../src/routing/strategies/registry.js';

it('probe', () => {
  for (const f of ['test/fixtures/lab-tiny.yaml', 'scenarios/quickstart.yaml']) {
    const s = scenarioSchema.parse(parse(readFileSync(f, 'utf8')));
    for (const name of STRATEGY_NAMES) {
      const t0 = performance.now();
      try {
        const r = runScenario(s, { strategy: name, replication: 1 });
        console.log(f, name, (performance.now() - t0).toFixed(0), 'ms', r.requests.total, r.successRate.toFixed(4), r.uptime, r.costUsd.per1kSuccessful.toFixed(3), r.latencyMs.p99.toFixed(0), JSON.stringify(r.incidents));
      } catch (e) { console.log(f, name, 'ERR', (e as Error).message); }
    }
  }
}, 120000);
