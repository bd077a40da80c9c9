import type { Rng } from '../../core/ports.js';
import type { Scenario } from '../../config/scenario-schema.js';
import { createArrivalProcess } from './arrival-process.js';
import type { RequestSource, TrafficLoad } from './request-source.js';
import { ServegenSource, servegenMeanRatePerS } from './servegen/servegen-source.js';
import { SyntheticSource } from './synthetic-source.js';
import { TraceSource } from './trace/trace-source.js';
import { estimateTraceLoad } from './trace/estimate-trace-load.js';

/**
 * The scenario's traffic: `traffic.trace` replays a file, `traffic.servegen` generates from
 * ServeGen statistics, `traffic.arrivals` synthesizes (the schema admits exactly one).
 */
export function createTrafficSource(scenario: Scenario, rng: Rng, horizonMs: number): RequestSource {
  const t = scenario.traffic;
  if (t.trace !== undefined) return new TraceSource(t.trace, t, rng, horizonMs);
  if (t.servegen !== undefined) return new ServegenSource(t.servegen, t, rng, horizonMs);
  return new SyntheticSource(t, rng, horizonMs);
}

/**
 * What the scenario's traffic is expected to cost up to the horizon, for the --max-events
 * safety check: requests, and the work that makes no request (see TrafficLoad).
 */
export function estimateTrafficLoad(scenario: Scenario, rng: Rng): TrafficLoad {
  const horizonMs = scenario.durationS * 1000;
  const t = scenario.traffic;
  if (t.servegen !== undefined) {
    const requests = servegenMeanRatePerS(t.servegen, horizonMs, rng) * scenario.durationS;
    return { requests, steps: requests };
  }
  if (t.trace !== undefined) return estimateTraceLoad(t.trace, t, rng, horizonMs);
  const arrivals = createArrivalProcess(t.arrivals!, rng, horizonMs);
  return { requests: arrivals.meanRatePerS(horizonMs) * scenario.durationS, steps: arrivals.meanStepsPerS(horizonMs) * scenario.durationS };
}
