import type { Candidate, RouteRequest } from '../../types.js';
import type { CandidateFilter, LoadMetric } from './picker-types.js';

/**
 * Round robin over whatever candidate set it is given: picks the candidate picked least
 * recently (never-picked ones first, in list order). Over a stable set this is the exact
 * cyclic order (every prefix within ±1 of fair); when the set changes, newcomers go first
 * and a returning deployment resumes its turn, so nobody is starved or flooded — unlike an
 * index modulo a changing length.
 */
export class RoundRobinPicker {
  private readonly lastPickSeq = new Map<string, number>();
  private seq = 0;

  pick(candidates: readonly Candidate[], accept?: CandidateFilter): Candidate | undefined {
    let best: Candidate | undefined;
    let bestSeq = Infinity;
    for (const c of candidates) {
      if (accept !== undefined && !accept(c)) continue;
      const last = this.lastPickSeq.get(c.deployment.id) ?? -1;
      if (last < bestSeq) {
        best = c;
        bestSeq = last;
      }
    }
    if (best !== undefined) this.record(best);
    return best;
  }

  /** Lowest `load` wins; ties go round robin (never random, never first-in-list). */
  pickMin(
    candidates: readonly Candidate[],
    req: RouteRequest,
    load: LoadMetric,
    accept?: CandidateFilter,
  ): Candidate | undefined {
    let best: Candidate | undefined;
    let bestScore = Infinity;
    let bestSeq = Infinity;
    for (const c of candidates) {
      if (accept !== undefined && !accept(c)) continue;
      const s = load(c, req);
      const last = this.lastPickSeq.get(c.deployment.id) ?? -1;
      if (best === undefined || s < bestScore || (s === bestScore && last < bestSeq)) {
        best = c;
        bestScore = s;
        bestSeq = last;
      }
    }
    if (best !== undefined) this.record(best);
    return best;
  }

  /** Sequence number of the deployment's last pick (-1 when never picked), for `explain`. */
  lastPicked(deploymentId: string): number {
    return this.lastPickSeq.get(deploymentId) ?? -1;
  }

  private record(candidate: Candidate): void {
    this.lastPickSeq.set(candidate.deployment.id, this.seq++);
  }
}
