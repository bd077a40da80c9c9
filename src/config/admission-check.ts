import { didYouMean, suggestionText } from '../core/did-you-mean.js';
import { buildDeployments } from '../sim/world/build-deployments.js';
import type { Scenario } from './scenario-schema.js';
import type { ExplainedIssue } from './zod-issues.js';

/**
 * router.concurrencyLimit.limits names deployments ("provider/model") or providers: an unknown
 * name would silently leave that deployment at initialLimit, so it is refused at load time
 * with the path of the key (and the nearest known name).
 */
export function checkConcurrencyLimitIds(scenario: Scenario): ExplainedIssue[] {
  const c = scenario.router.concurrencyLimit;
  if (c === false) return [];
  const deployments = buildDeployments(scenario);
  const known = new Set([...deployments.map((d) => d.id), ...deployments.map((d) => d.providerId)]);
  return Object.keys(c.limits)
    .filter((id) => !known.has(id))
    .map((id) => ({
      path: ['router', 'concurrencyLimit', 'limits', id],
      message: `unknown deployment or provider id '${id}'${suggestionText(didYouMean(id, known))}`,
      atKey: true,
    }));
}
