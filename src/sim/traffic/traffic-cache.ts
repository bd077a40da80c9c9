import type { Scenario } from '../../config/scenario-schema.js';
import type { RouteRequest } from '../../routing/types.js';
import type { RequestSource } from './request-source.js';

/**
 * Requests kept beyond this are not worth their memory (~140 B each, ~70 MB per worker at the cap): a longer traffic is
 * generated afresh by every run, as without a cache.
 */
export const TRAFFIC_CACHE_MAX_REQUESTS = 500_000;

/**
 * One replication's synthetic requests, kept for the next run of the same scenario object,
 * seed and replication. A compare runs every strategy on the same traffic (common random
 * numbers), and generating it again for each strategy was about a quarter of a default
 * compare's CPU. Holds one recording (compare jobs run replication by replication), and only
 * a complete one: every request a run pulled, up to the first at or past the horizon (where
 * runs stop pulling) or the end of the source. Trace replays are not kept (their summary comes
 * from the reader). Runs share the request objects, so nothing may change a request once made:
 * the router and the world never do (test/traffic-cache.test.ts runs them on frozen requests).
 */
export class TrafficCache {
  private scenario: Scenario | undefined;
  private seed = '';
  private requests: readonly RouteRequest[] | undefined;

  constructor(private readonly maxRequests = TRAFFIC_CACHE_MAX_REQUESTS) {}

  /** The requests kept now (a complete recording), if any. */
  get kept(): readonly RouteRequest[] | undefined {
    return this.requests;
  }

  /** Replays the kept requests when they are this run's, else records what `make()` gives. */
  source(scenario: Scenario, seed: string, horizonMs: number, make: () => RequestSource): RequestSource {
    if (this.requests !== undefined && this.scenario === scenario && this.seed === seed) return replay(this.requests);
    this.scenario = undefined;
    this.requests = undefined;
    const inner = make();
    if (inner.traceSummary !== undefined) return inner;
    return this.recording(inner, scenario, seed, horizonMs);
  }

  private recording(inner: RequestSource, scenario: Scenario, seed: string, horizonMs: number): RequestSource {
    let kept: RouteRequest[] | undefined = [];
    const complete = () => {
      if (kept === undefined) return;
      this.scenario = scenario;
      this.seed = seed;
      this.requests = kept;
      kept = undefined;
    };
    return {
      next: () => {
        const req = inner.next();
        if (kept === undefined) return req;
        if (req === undefined) {
          complete();
          return req;
        }
        if (kept.length >= this.maxRequests) kept = undefined;
        else {
          kept.push(req);
          if (!(req.arrivalMs < horizonMs)) complete();
        }
        return req;
      },
      close: inner.close === undefined ? undefined : () => inner.close!(),
    };
  }
}

function replay(requests: readonly RouteRequest[]): RequestSource {
  let i = 0;
  return { next: () => (i < requests.length ? requests[i++] : undefined) };
}
