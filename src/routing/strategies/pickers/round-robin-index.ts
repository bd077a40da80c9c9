import type { Candidate } from '../../types.js';
import type { CandidateIndex } from './candidate-lookup.js';
import type { PickOrder } from './pick-order.js';

/**
 * Round robin's answer over one kept list, without a scan: the first never-picked member in list
 * order (a pointer that only moves forward: a deployment once picked stays picked), else the
 * member that comes first in a last-pick order (least recently picked first). A retry's pool
 * (the list less `cut`) steps past the cut members. O(1) amortized, plus the non-members at the
 * head of the order (recently excluded deployments).
 */
export class RoundRobinIndex {
  private neverPickedFrom = 0;
  private readonly memberOf = (id: string): Candidate | undefined => this.members.get(id);

  constructor(
    readonly list: readonly Candidate[],
    /** The list's members by deployment id. */
    private readonly members: CandidateIndex,
  ) {}

  /** The answer by `lastPickSeq` (ids picked so far) and `order` (their last-pick order); undefined only for an empty list. */
  next(order: PickOrder, lastPickSeq: ReadonlyMap<string, number>, cut?: ReadonlySet<Candidate>): Candidate | undefined {
    const list = this.list;
    while (this.neverPickedFrom < list.length && lastPickSeq.has(list[this.neverPickedFrom].deployment.id)) this.neverPickedFrom++;
    let i = this.neverPickedFrom;
    if (cut !== undefined) while (i < list.length && (cut.has(list[i]) || lastPickSeq.has(list[i].deployment.id))) i++;
    if (i < list.length) return list[i];
    if (cut === undefined) return order.first(this.memberOf);
    return order.first((id) => {
      const c = this.members.get(id);
      return c === undefined || cut.has(c) ? undefined : c;
    });
  }
}
