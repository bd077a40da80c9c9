import type { Scenario } from '../config/scenario-schema.js';
import { estimateTrafficRatePerS } from './traffic/create-traffic-source.js';
import { createRng } from '../core/rng.js';
import { UserInputError } from '../core/user-input-error.js';

export const DEFAULT_MAX_EVENTS = 2e9;

/** Events per request: arrival, send, completion, timeout/deadline timers (cancelled ones still cost). */
const EVENTS_PER_REQUEST = 4;

/** Rough upper estimate of events a run will process, for the --max-events safety check. */
export function estimateEvents(s: Scenario): number {
  const horizonMs = s.durationS * 1000;
  const rate = estimateTrafficRatePerS(s, createRng(0));
  const requests = rate * s.durationS;
  const deployments = s.providers.reduce((n, p) => n + p.models.length, 0);
  const probes = s.router.activeHealthCheck === false ? 0 : (horizonMs / s.router.activeHealthCheck.intervalMs) * deployments * 2;
  return requests * EVENTS_PER_REQUEST * (1 + s.router.retries.maxRetries * 0.1) + probes;
}

export class EventBudgetError extends UserInputError {
  override readonly name = 'EventBudgetError';
}

export function checkEventBudget(s: Scenario, maxEvents = DEFAULT_MAX_EVENTS): void {
  const estimate = estimateEvents(s);
  if (estimate > maxEvents) {
    throw new EventBudgetError(
      `scenario '${s.name}' is estimated at ${estimate.toExponential(2)} events, above the safety limit of ${maxEvents.toExponential(2)}; ` +
        `shorten durationS, lower the arrival rate, or pass --max-events ${Math.ceil(estimate * 1.2).toExponential(1)} to run it anyway`,
    );
  }
}
