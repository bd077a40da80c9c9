import type { Candidate } from '../../types.js';

/** Candidates by deployment id (the part of a Map the strategies use). */
export interface CandidateIndex {
  get(deploymentId: string): Candidate | undefined;
}

/** Most members a retry's pool leaves out of the router's pool for the cheap path (a request tries a few deployments at most). */
export const MAX_CUT = 8;

/**
 * The members of `all` that `some` leaves out, when `some` is `all` less at most `maxCut`
 * members in the same order (a retry's pool: the router's pool less the tried deployments, a
 * fresh array each time); else undefined. A pointer comparison per candidate, ~100× cheaper
 * than a map lookup or insert per candidate. `positions`, when given, receives the left-out
 * members' positions in `all` (ascending; meaningful only when a cut is returned).
 */
export function cutFrom(all: readonly Candidate[], some: readonly Candidate[], maxCut = MAX_CUT, positions?: number[]): ReadonlySet<Candidate> | undefined {
  if (some.length >= all.length || some.length === 0 || all.length - some.length > maxCut) return undefined;
  const cut = new Set<Candidate>();
  if (positions !== undefined) positions.length = 0;
  let j = 0;
  for (let i = 0; i < all.length; i++) {
    if (j < some.length && all[i] === some[j]) j++;
    else if (cut.add(all[i]).size > maxCut) return undefined;
    else positions?.push(i);
  }
  return j === some.length ? cut : undefined;
}

/**
 * Candidates by deployment id, rebuilt only when the list changes: the router hands out the
 * same (never mutated) pool array while health holds still, so a strategy that looks
 * candidates up by id pays for the map once per pool, not once per pick. A retry's pool (that
 * list less a few) is answered from the same map, and keeps it: rebuilding for the retry and
 * again for the next first attempt cost two map builds of every candidate per retry.
 */
export class CandidateLookup {
  private list: readonly Candidate[] | undefined;
  private byId = new Map<string, Candidate>();
  /** The last list answered as a cut: seen again, it is a pool of its own (a deployment left) and gets its map. */
  private lastCut: readonly Candidate[] | undefined;

  of(candidates: readonly Candidate[]): CandidateIndex {
    if (candidates === this.list) return this.byId;
    const cut = this.list === undefined || candidates === this.lastCut ? undefined : cutFrom(this.list, candidates);
    if (cut !== undefined) {
      this.lastCut = candidates;
      const byId = this.byId;
      return { get: (id) => { const c = byId.get(id); return c === undefined || cut.has(c) ? undefined : c; } };
    }
    this.lastCut = undefined;
    this.list = candidates;
    this.byId = new Map(candidates.map((c) => [c.deployment.id, c]));
    return this.byId;
  }
}
