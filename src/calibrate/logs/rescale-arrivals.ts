import type { LoggedRequest } from './logged-request.js';

/**
 * A log written by `routesim gateway --time-scale k` (or `routesim live`) stamps each request's
 * arrival with the wall clock (`startUnixMs`) but measures every duration on the router's
 * scaled clock, in scenario ms (real ms × k). Read as is, arrivals are k times too dense for
 * the latencies: limits per minute come out k times too high and outages k times too short.
 * This stretches the gaps between arrivals by k around the first request, so arrivals and
 * durations share the scenario clock again; attempts keep their offsets from their request
 * (those were scenario ms already). The stretch also multiplies the wall-clock jitter of the
 * arrivals (the load generator's lateness, the client→gateway hop) by k.
 */
export function rescaleArrivals(requests: readonly LoggedRequest[], timeScale: number): LoggedRequest[] {
  if (timeScale === 1 || requests.length === 0) return [...requests];
  const t0 = requests[0].startMs;
  return requests.map((r) => {
    const startMs = t0 + (r.startMs - t0) * timeScale;
    return { ...r, startMs, attempts: r.attempts.map((a) => ({ ...a, startMs: startMs + (a.startMs - r.startMs) })) };
  });
}
