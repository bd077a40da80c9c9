import type { Candidate, PickContext } from '../types.js';

/**
 * Candidates not yet tried for this request, or all of them when every one was tried (a
 * retry must still go somewhere). Returns the input array itself in the common case (no
 * retries, or the router's pools, which put untried ones first already), so first attempts
 * allocate nothing and retries cost no scan.
 */
export function untriedOrAll(
  candidates: readonly Candidate[],
  ctx: Pick<PickContext, 'tried' | 'untriedFirst'>,
): readonly Candidate[] {
  const tried = ctx.tried;
  if (tried.size === 0 || ctx.untriedFirst === true) return candidates;
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
