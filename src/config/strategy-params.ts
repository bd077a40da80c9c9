import type { Scenario } from './scenario-schema.js';

/**
 * A strategy's params in a scenario: its `router.strategyParams` entry, else `router.params`
 * when it is the scenario's own strategy. Shared by the simulator and the live gateway.
 */
export function strategyParamsFor(scenario: Scenario, name: string): Record<string, unknown> {
  const r = scenario.router;
  return r.strategyParams[name] ?? (name === r.strategy ? r.params : {});
}
