import type { CompareSummary } from '../lab/compare-summary.js';
import { RANKING_ZONES } from '../lab/ranking-rule.js';
import { pairVerdict } from '../lab/sequential-stopping.js';
import { maxOf } from '../core/bulk-array.js';

/** Strategies named in the sentence at most; the rest are counted. */
const MAX_NAMED = 4;

/**
 * A sequential compare that hit its cap: which pairs' order the replications run could not
 * settle (neither separated at 95% nor tied inside the indifference zones), so their ranks may
 * change with more replications. Named greedily, the strategy in most open pairs first
 * ("usage-based against 20 others"), then the next among the pairs left. [] when nothing is open.
 */
export function openAtCapLines(summary: CompareSummary): string[] {
  if (summary.minReplications === undefined) return [];
  const strategies = summary.strategies;
  let open: [number, number][] = [];
  for (let i = 0; i < strategies.length; i++) {
    for (let j = i + 1; j < strategies.length; j++) {
      if (strategies[i].stopReason !== 'cap' || strategies[j].stopReason !== 'cap') continue;
      const k = Math.min(strategies[i].replicationsRun ?? 0, strategies[j].replicationsRun ?? 0);
      if (pairVerdict(strategies[i].values, strategies[j].values, k, RANKING_ZONES) === 'open') open.push([i, j]);
    }
  }
  if (open.length === 0) return [];
  const parts: string[] = [];
  while (open.length > 0 && parts.length < MAX_NAMED) {
    const count = strategies.map(() => 0);
    for (const [i, j] of open) {
      count[i]++;
      count[j]++;
    }
    const who = count.indexOf(maxOf(count));
    const partners = open.filter(([i, j]) => i === who || j === who).map(([i, j]) => strategies[i === who ? j : i].strategy);
    parts.push(`${strategies[who].strategy} against ${partners.length <= 2 ? partners.join(' and ') : `${partners.length} others`}`);
    open = open.filter(([i, j]) => i !== who && j !== who);
  }
  if (open.length > 0) parts.push(`${open.length} more pair${open.length === 1 ? '' : 's'}`);
  return [`Not settled by the cap of ${summary.replications} replications (their order could still change with more: raise --replications): ${parts.join('; ')}.`];
}
