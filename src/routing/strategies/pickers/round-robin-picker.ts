import type { Candidate, RouteRequest } from '../../types.js';
import { CandidateLookup, cutFrom, type CandidateIndex } from './candidate-lookup.js';
import type { CandidateFilter, LoadMetric } from './picker-types.js';
import { PickOrder } from './pick-order.js';
import { PoolRepeat } from './pool-repeat.js';

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
   * and never mutates it) is indexed: its members by id, and how far its never-picked prefix
   * goes. Picks from it then cost O(1) plus whatever non-members lead the pick order (recently
   * excluded deployments), instead of a scan of every candidate.
   */
  private indexed: readonly Candidate[] | undefined;
  private readonly lookup = new CandidateLookup();
  private members: CandidateIndex = new Map<string, Candidate>();
  private neverPickedFrom = 0;
  private readonly repeat = new PoolRepeat();
  private readonly memberOf = (id: string): Candidate | undefined => this.members.get(id);

  /** `onPicked` hears of every pick this picker records (a per-category index keeps its own order with it). */
  constructor(private readonly onPicked?: (candidate: Candidate) => void) {}

  pick(candidates: readonly Candidate[], accept?: CandidateFilter): Candidate | undefined {
    if (accept === undefined && this.isIndexed(candidates)) return this.pickIndexed(candidates);
    if (accept === undefined) {
      // A retry's pool: the indexed list less the deployments tried, a fresh array each time.
      const cut = this.indexed === undefined ? undefined : cutFrom(this.indexed, candidates);
      if (cut !== undefined) return this.pickIndexedExcept(cut);
    }
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
   * Records a pick made elsewhere from this picker's history (a per-category index): it counts
   * as this picker's own pick, for round robin and for whoever `onPicked` tells.
   */
  recordPick(candidate: Candidate): void {
    this.record(candidate);
  }

  private record(candidate: Candidate): void {
    this.lastPickSeq.set(candidate.deployment.id, this.seq++);
    this.picked.moveToEnd(candidate.deployment.id);
    this.onPicked?.(candidate);
  }

  private isIndexed(candidates: readonly Candidate[]): boolean {
    if (candidates === this.indexed) return true;
    if (!this.repeat.secondTime(candidates) || candidates.length === 0) return false;
    this.indexed = candidates;
    this.members = this.lookup.of(candidates);
    this.neverPickedFrom = 0;
    return true;
  }

  /** `pickIndexed` over the indexed list less `cut`: the scan's answer for that list, from the index. */
  private pickIndexedExcept(cut: ReadonlySet<Candidate>): Candidate {
    const all = this.indexed!;
    while (this.neverPickedFrom < all.length && this.lastPickSeq.has(all[this.neverPickedFrom].deployment.id)) this.neverPickedFrom++;
    let i = this.neverPickedFrom;
    while (i < all.length && (cut.has(all[i]) || this.lastPickSeq.has(all[i].deployment.id))) i++;
    let best = all[i];
    if (best === undefined) {
      best = this.picked.first((id) => {
        const c = this.members.get(id);
        return c === undefined || cut.has(c) ? undefined : c;
      })!;
    }
    this.record(best);
    return best;
  }

  /** The scan's answer from the index: the first never-picked member in list order, else the least recently picked member. */
  private pickIndexed(candidates: readonly Candidate[]): Candidate {
    while (this.neverPickedFrom < candidates.length && this.lastPickSeq.has(candidates[this.neverPickedFrom].deployment.id)) this.neverPickedFrom++;
    let best = candidates[this.neverPickedFrom];
    if (best === undefined) best = this.picked.first(this.memberOf)!;
    this.record(best);
    return best;
  }
}
