import type { Candidate } from '../types.js';

/**
 * Candidates not yet tried for this request, or all of them when every one was tried (a
 * retry must still go somewhere). Returns the input array itself in the common case (no
 * retries), so first attempts allocate nothing.
 */
export function untriedOrAll(
  candidates: readonly Candidate[],
  tried: ReadonlySet<string>,
): readonly Candidate[] {
  if (tried.size === 0) return candidates;
  let untried = 0;
  for (const c of candidates) if (!tried.has(c.deployment.id)) untried++;
  if (untried === candidates.length || untried === 0) return candidates;
  return candidates.filter((c) => !tried.has(c.deployment.id));
}

/** Candidates whose health is 'healthy' (not 'degraded'); the input itself when all are. */
export function healthyOnly(candidates: readonly Candidate[]): readonly Candidate[] {
  let healthy = 0;
  for (const c of candidates) if (c.health === 'healthy') healthy++;
  if (healthy === candidates.length) return candidates;
  return candidates.filter((c) => c.health === 'healthy');
}
