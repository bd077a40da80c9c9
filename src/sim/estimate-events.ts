import type { Scenario } from '../config/scenario-schema.js';
import { POLICY_WINDOW_MS } from '../config/budget-policies-schema.js';
import { estimateTrafficLoad } from './traffic/create-traffic-source.js';
import type { TrafficLoad } from './traffic/request-source.js';
import { MAX_IN_FLIGHT, worstInFlight } from './estimate-in-flight.js';
import { streamEventsPerRequest } from './estimate-stream-events.js';
import { expectedIncidentWindows } from './world/incident-timeline.js';
import { createRng } from '../core/rng.js';
import { UserInputError } from '../core/user-input-error.js';
import { formatIssueLine, formatPath, type PathSegment } from '../config/scenario-error.js';
import { locateScenarioField } from '../config/load-scenario.js';

export const DEFAULT_MAX_EVENTS = 2e9;

/** Events per request: arrival, send, completion, timeout/deadline timers (cancelled ones still cost). */
const EVENTS_PER_REQUEST = 4;

/** Events per active health probe: the probe's answer and the timer of the next one. */
const EVENTS_PER_PROBE = 2;

/** Progress callbacks a run schedules (run-scenario.ts: one per 1% of the horizon). */
const PROGRESS_TICKS = 100;

/** One source of events and how many it is expected to make; `path` is the scenario field that drives it. */
export interface EventSource {
  readonly path: readonly PathSegment[];
  readonly events: number;
  /** What makes it smaller. */
  readonly remedy: string;
}

/**
 * Every source of events (and of work that makes none) a run is expected to process, for the
 * --max-events safety check: requests and their timers, what the traffic generator does
 * besides arrivals (trace lines, loop passes, thinning, burst switches), active health probes,
 * outlier-detection sweeps, incident starts and ends, and price changes. A source left out
 * here is a scenario that passes the check and then runs for hours.
 */
export function eventSources(s: Scenario, traffic: TrafficLoad = estimateTrafficLoad(s, createRng(0))): EventSource[] {
  const horizonMs = s.durationS * 1000;
  const r = s.router;
  const deployments = s.providers.reduce((n, p) => n + p.models.length, 0);
  const incidents: EventSource[] = s.providers.flatMap((p, i) =>
    p.incidents.map((spec, j) => ({
      path: ['providers', i, 'incidents', j],
      events: 2 * expectedIncidentWindows(spec, horizonMs),
      remedy: 'make its timeBetweenS or durationS longer',
    })),
  );
  const trace = s.traffic.trace;
  const attemptsPerRequest = 1 + r.retries.maxRetries * 0.1;
  const requestEvents = traffic.requests * EVENTS_PER_REQUEST * attemptsPerRequest;
  const generatorSteps = Math.max(0, traffic.steps - traffic.requests);
  return [
    {
      path: ['traffic', trace !== undefined ? 'trace' : s.traffic.arrivals !== undefined ? 'arrivals' : 'servegen'],
      events: requestEvents + generatorSteps,
      remedy:
        trace !== undefined ? `shorten durationS, lower timeScale${trace.loop ? ' or loop: false' : ''}, or sample fewer rows`
        : generatorSteps > requestEvents ? 'most is the generator turning without arrivals: a short peak sets the thinning rate for the whole run, short bursty states switch constantly; smooth the schedule'
        : 'shorten durationS or lower the arrival rate',
    },
    {
      path: ['router', 'timeouts', 'idleMs'],
      events: traffic.requests * attemptsPerRequest * streamEventsPerRequest(s),
      remedy: 'stream fewer requests or make the idle timeout longer',
    },
    {
      path: ['router', 'activeHealthCheck', 'intervalMs'],
      events: r.activeHealthCheck === false ? 0 : (horizonMs / r.activeHealthCheck.intervalMs) * deployments * EVENTS_PER_PROBE,
      remedy: 'probe less often',
    },
    {
      path: ['router', 'outlierDetection', 'sweepIntervalMs'],
      events: r.outlierDetection === false ? 0 : horizonMs / r.outlierDetection.sweepIntervalMs,
      remedy: 'sweep less often',
    },
    {
      // A deployment, provider or model budget that runs out sets one timer for its window's end.
      path: ['router', 'budgets'],
      events: r.budgets.reduce((n, b) => n + (b.scope === 'tenant' || b.scope === 'tag' ? 0 : Math.ceil(horizonMs / POLICY_WINDOW_MS[b.window])), 0),
      remedy: 'use longer budget windows or fewer budgets',
    },
    ...incidents,
    // The router's stop at the horizon and the 100 progress ticks: every run has them.
    { path: ['durationS'], events: 1 + PROGRESS_TICKS, remedy: 'shorten durationS' },
    ...s.providers.map((p, i) => ({ path: ['providers', i, 'priceChanges'], events: p.priceChanges.length, remedy: 'list fewer price changes' })),
  ];
}

/** Rough upper estimate of events a run will process, for the --max-events safety check. */
export function estimateEvents(s: Scenario): number {
  return eventSources(s).reduce((n, e) => n + e.events, 0);
}

/** A run refused before it starts; the message names the file, line and field when the scenario came from a file. */
export class EventBudgetError extends UserInputError {
  override readonly name = 'EventBudgetError';
  constructor(message: string, readonly path: readonly PathSegment[]) {
    super(message);
  }
}

/** `file:line:col: field: ` for a refusal, or just `field: ` without a file (the field located in the file as written). */
function prefix(path: readonly PathSegment[], file: string | undefined): string {
  if (file === undefined) return `${formatPath(path)}: `;
  const at = locateScenarioField(file, path);
  return formatIssueLine(file, { path: [...path], message: '', ...at });
}

/**
 * Refuses a run that would not finish or not fit in memory: estimated events above
 * `maxEvents`, or a backlog of more than MAX_IN_FLIGHT requests held at once.
 */
export function checkEventBudget(s: Scenario, maxEvents = DEFAULT_MAX_EVENTS, file?: string): void {
  const traffic = estimateTrafficLoad(s, createRng(0));
  const sources = eventSources(s, traffic);
  const estimate = sources.reduce((n, e) => n + e.events, 0);
  // `!(a <= b)` also refuses an estimate that came out NaN: unknown is not within budget.
  if (!(estimate <= maxEvents)) {
    const top = sources.reduce((a, b) => (b.events > a.events ? b : a));
    const most = `most from ${formatPath(top.path)}: ${top.events.toExponential(2)}; ${top.remedy}`;
    // Infinity (or NaN: a source that cannot be estimated) has no --max-events that would do.
    const override = Number.isFinite(estimate) ? `, or pass --max-events ${Math.ceil(estimate * 1.2).toExponential(1)} to run it anyway` : '';
    throw new EventBudgetError(
      `${prefix(top.path, file)}scenario '${s.name}' is estimated at ${estimate.toExponential(2)} events, above the safety limit of ${maxEvents.toExponential(2)} (${most})${override}`,
      top.path,
    );
  }
  const inFlight = worstInFlight(s, traffic.requests);
  if (inFlight > MAX_IN_FLIGHT) {
    const path = ['router', 'timeouts', 'deadlineMs'];
    throw new EventBudgetError(
      `${prefix(path, file)}scenario '${s.name}' sends more requests than its providers can serve and queues them without limit: up to ${inFlight.toExponential(2)} requests ` +
        `would wait at once (arrival rate × router.timeouts.deadlineMs), more than the ${MAX_IN_FLIGHT.toExponential(0)} a run keeps in memory; ` +
        'set providers[].capacity.maxQueue, shorten router.timeouts.deadlineMs, or lower the arrival rate',
      path,
    );
  }
}
