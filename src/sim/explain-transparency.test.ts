/**
 * --explain observes and must never steer. It also takes the router's uncached path (every
 * health source asked on every attempt) while unexplained requests use cached verdicts, so
 * identical summaries with and without explaining every request also check that cache
 * end to end, through outages, breakers, cooldowns, retries and fallbacks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExplainSink } from '../routing/explain.js';
import { scenarioArb } from '../../test/properties/arbitraries.js';
import { runScenario } from './run-scenario.js';

const explainEverything: ExplainSink = { wants: () => true, decision: () => {}, attempt: () => {}, finished: () => {} };

describe('explaining does not change a run', () => {
  it('summaries are identical with every request explained and with none (80 runs)', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDurationS: 120 }), fc.integer({ min: 0, max: 2 }), (scenario, replication) => {
        const plain = JSON.stringify(runScenario(scenario, { replication }));
        const explained = JSON.stringify(runScenario(scenario, { replication, explain: explainEverything }));
        expect(explained).toBe(plain);
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
