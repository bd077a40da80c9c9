import type { Candidate } from '../../types.js';

/**
 * Candidates by deployment id, rebuilt only when the list changes: the router hands out the
 * same (never mutated) pool array while health holds still, so a strategy that looks
 * candidates up by id pays for the map once per pool, not once per pick.
 */
export class CandidateLookup {
  private list: readonly Candidate[] | undefined;
  private byId = new Map<string, Candidate>();

  of(candidates: readonly Candidate[]): ReadonlyMap<string, Candidate> {
    if (candidates !== this.list) {
      this.list = candidates;
      this.byId = new Map(candidates.map((c) => [c.deployment.id, c]));
    }
    return this.byId;
  }
}
