import type { Candidate } from '../../types.js';
import { PoolRepeat } from './pool-repeat.js';

/**
 * A pool's deployments reduced to one representative per price point: the first member (in pool
 * order) of each group with the same input price, output price, cost multiplier and quality
 * tier, in order of first appearance. Cost routing reads nothing else of a deployment, so every
 * member of a group costs the same for any request, bit for bit (the same fields in the same
 * formula), and passes the same tier and budget filters. A first-minimum scan over the
 * representatives therefore returns what the same scan over the whole pool returns: the
 * earliest of the cheapest candidates is the first member of its group, and groups are in order
 * of their first members. Fleets have few price points (replicas of a handful of models), so a
 * pick costs O(price points) instead of O(N). `withHealth` adds the candidate's health level
 * to the key, for strategies that filter on it.
 */
export function priceRepresentatives(pool: readonly Candidate[], withHealth = false): Candidate[] {
  const seen = new Set<string>();
  const representatives: Candidate[] = [];
  for (const c of pool) {
    const d = c.deployment;
    const key = `${d.inputUsdPerMTok}|${d.outputUsdPerMTok}|${d.costMultiplier}|${d.qualityTier}${withHealth ? `|${c.health}` : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    representatives.push(c);
  }
  return representatives;
}

/**
 * The representatives of the router's pool array, kept while the same array comes back (at the
 * same health version, with `withHealth`): built on its second sight in a row, like the other
 * per-pool indexes; any other list is scanned whole. Cost and cheapest-healthy hold one each.
 */
export class PricePoints {
  private pool: readonly Candidate[] | undefined;
  private healthVersion: number | undefined;
  private representatives: readonly Candidate[] = [];
  private readonly repeat = new PoolRepeat();

  constructor(private readonly withHealth: boolean) {}

  /** What a first-minimum scan over `pool` may scan instead (the same answer): the representatives of a kept pool, else the pool. */
  scanned(pool: readonly Candidate[], healthVersion?: number): readonly Candidate[] {
    // Without a version the flags may have changed in place since: never trust kept health levels.
    if (this.withHealth && healthVersion === undefined) return pool;
    if (pool === this.pool && healthVersion === this.healthVersion) return this.representatives;
    if (!this.repeat.secondTime(pool)) return pool;
    this.pool = pool;
    this.healthVersion = healthVersion;
    this.representatives = priceRepresentatives(pool, this.withHealth);
    return this.representatives;
  }

  /** Prices changed (a scenario's priceChanges): the price points are read afresh. */
  pricesChanged(): void {
    this.pool = undefined;
  }
}
