import type { Candidate } from '../../types.js';

/**
 * A pool's deployments reduced to one representative per price point: the first member (in pool
 * order) of each group with the same input price, output price, cost multiplier and quality
 * tier, in order of first appearance. Cost routing reads nothing else of a deployment, so every
 * member of a group costs the same for any request, bit for bit (the same fields in the same
 * formula), and passes the same tier and budget filters. A first-minimum scan over the
 * representatives therefore returns what the same scan over the whole pool returns: the
 * earliest of the cheapest candidates is the first member of its group, and groups are in order
 * of their first members. Fleets have few price points (replicas of a handful of models), so a
 * pick costs O(price points) instead of O(N). The grouping reads prices once: a price change
 * must drop it (CostStrategy.pricesChanged). `withHealth` adds the candidate's health level to
 * the key, for strategies that filter on it (valid for one PickContext.healthVersion).
 */
export class PriceGroups {
  readonly representatives: readonly Candidate[];

  constructor(readonly pool: readonly Candidate[], withHealth = false) {
    const seen = new Set<string>();
    const representatives: Candidate[] = [];
    for (const c of pool) {
      const d = c.deployment;
      const key = `${d.inputUsdPerMTok}|${d.outputUsdPerMTok}|${d.costMultiplier}|${d.qualityTier}${withHealth ? `|${c.health}` : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      representatives.push(c);
    }
    this.representatives = representatives;
  }
}
