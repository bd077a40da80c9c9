import type { Candidate, RouteRequest } from '../../types.js';
import { CandidateLookup } from './candidate-lookup.js';
import { KeptIndex } from './kept-index.js';
import type { CandidateFilter, LoadMetric } from './picker-types.js';
import { PickOrder } from './pick-order.js';
import { RoundRobinIndex } from './round-robin-index.js';

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
  /** Every deployment ever picked, least recently picked first: the order `pick` follows. */
  private readonly picked = new PickOrder();
  /**
   * The candidate list seen twice in a row (the router hands out one array per health state
   * and never mutates it) is indexed (RoundRobinIndex), and a retry's pool (that array less the
   * tried) is answered from it: O(1) plus whatever non-members lead the pick order, instead of a
   * scan of every candidate.
   */
  private readonly lookup = new CandidateLookup();
  private readonly kept = new KeptIndex((pool) => (pool.length === 0 ? undefined : new RoundRobinIndex(pool, this.lookup.of(pool))));

  /** `onPicked` hears of every pick this picker records (a per-category index keeps its own order with it). */
  constructor(private readonly onPicked?: (candidate: Candidate) => void) {}

  pick(candidates: readonly Candidate[], accept?: CandidateFilter): Candidate | undefined {
    const index = accept === undefined ? this.kept.over(candidates) : undefined;
    if (index !== undefined) return this.pickFrom(index, this.picked, this.kept.cut);
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

  /**
   * Round robin from an index over a list (less `cut`), by this picker's history and a
   * last-pick `order` (a per-category index passes its own), recorded as this picker's pick.
   */
  pickFrom(index: RoundRobinIndex, order: PickOrder, cut?: ReadonlySet<Candidate>): Candidate | undefined {
    const best = index.next(order, this.lastPickSeq, cut);
    if (best !== undefined) this.record(best);
    return best;
  }

  private record(candidate: Candidate): void {
    this.lastPickSeq.set(candidate.deployment.id, this.seq++);
    this.picked.moveToEnd(candidate.deployment.id);
    this.onPicked?.(candidate);
  }
}
