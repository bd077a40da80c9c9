import type { Candidate } from '../../types.js';
import { cutFrom } from './candidate-lookup.js';
import { InFlightIndex } from './in-flight-index.js';

/**
 * Fewest attempts in flight; ties round robin (least recently picked, never-picked first in
 * list order) — `RoundRobinPicker.pickMin` with the in-flight load, answered from an index
 * instead of a scan. The router hands out one never-mutated pool array per health state: seen
 * twice, it is indexed (InFlightIndex), and a retry's pool (that array less the tried
 * deployments) is answered from the same index. Any other list is scanned, as before.
 */
export class LeastInFlightPicker {
  private readonly lastPickSeq = new Map<string, number>();
  private seq = 0;
  private index: InFlightIndex | undefined;
  private seenOnce: readonly Candidate[] | undefined;
  private readonly lastSeqOf = (id: string): number => this.lastPickSeq.get(id) ?? -1;

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    const best = this.fromIndex(candidates) ?? this.scan(candidates);
    if (best !== undefined) {
      this.index?.picked(best, this.seq);
      this.lastPickSeq.set(best.deployment.id, this.seq++);
    }
    return best;
  }

  private fromIndex(candidates: readonly Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    const index = this.index;
    if (index !== undefined && candidates === index.list) return index.min();
    if (index !== undefined) {
      const cut = cutFrom(index.list, candidates);
      if (cut !== undefined) return index.minExcept(cut);
    }
    if (candidates !== this.seenOnce) {
      this.seenOnce = candidates;
      return undefined;
    }
    this.seenOnce = undefined;
    const next = InFlightIndex.over(candidates, this.lastSeqOf);
    if (next === undefined) return undefined;
    index?.dispose();
    this.index = next;
    return next.min();
  }

  private scan(candidates: readonly Candidate[]): Candidate | undefined {
    let best: Candidate | undefined;
    let bestLoad = Infinity;
    let bestSeq = Infinity;
    for (const c of candidates) {
      const load = c.stats.inFlight;
      const last = this.lastSeqOf(c.deployment.id);
      if (best === undefined || load < bestLoad || (load === bestLoad && last < bestSeq)) {
        best = c;
        bestLoad = load;
        bestSeq = last;
      }
    }
    return best;
  }
}
