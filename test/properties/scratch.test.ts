import fc from 'fast-check';
import { it } from 'vitest';
import { runScenario } from '../../src/sim/run-scenario.js';
import { requestStreamArb, scenarioArb } from './arbitraries.js';
import { createRouterRun, runToHorizon, scheduleRequests } from './router-harness.js';
it('stats', () => {
  const samples = fc.sample(scenarioArb(), { numRuns: 30, seed: 1 });
  for (const sc of samples) {
    const s = runScenario(sc);
    console.log(sc.router.strategy, sc.durationS, s.requests.total, s.requests.succeeded, JSON.stringify(s.requests.failedByReason), 'retries', s.retries, 'hedges', s.hedges, 'panic', s.panicRequests, 'tl', s.healthTimeline.length);
  }
  const rs = fc.sample(fc.tuple(scenarioArb({maxDurationS: 120}), requestStreamArb({ maxRequests: 120, maxGapMs: 1500 })), { numRuns: 10, seed: 2 });
  for (const [sc, reqs] of rs) {
    const run = createRouterRun(sc); scheduleRequests(run, reqs, 1e9); runToHorizon(run, reqs[reqs.length-1].arrivalMs + 2000);
    const reasons: Record<string, number> = {};
    for (const r of run.results) reasons[r.failureReason ?? 'ok'] = (reasons[r.failureReason ?? 'ok'] ?? 0) + 1;
    console.log('router', sc.router.strategy, reqs.length, JSON.stringify(reasons), run.transport.attempts.length, run.explain.decisions.length);
  }
});
