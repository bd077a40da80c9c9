import type { Candidate } from '../../types.js';
import { cutFrom } from './candidate-lookup.js';
import { PoolRepeat } from './pool-repeat.js';
import { ScoreIndex } from './score-index.js';

/**
 * The candidate with the lowest score — ties round robin (least recently picked, never-picked
 * first in list order: `RoundRobinPicker.pickMin`) or to the first in list order
 * (`pickMinByScore`) — answered from an index instead of a scan. The score must depend only on
 * the deployment's stats tracker (ScoreIndex). The router hands out one never-mutated pool
 * array per health state: seen twice, it is indexed, and a retry's pool (that array less the
 * tried deployments) is answered from the same index. Any other list is scanned, as before.
 */
export class IndexedMinPicker {
  private readonly lastPickSeq = new Map<string, number>();
  private seq = 0;
  private index: ScoreIndex | undefined;
  private readonly repeat = new PoolRepeat();
  private readonly lastSeqOf = (id: string): number => this.lastPickSeq.get(id) ?? -1;

  constructor(
    private readonly score: (c: Candidate) => number,
    private readonly ties: 'round-robin' | 'list-order',
  ) {}

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    const best = this.fromIndex(candidates) ?? this.scan(candidates);
    if (best !== undefined && this.ties === 'round-robin') {
      this.index?.picked(best, this.seq);
      this.lastPickSeq.set(best.deployment.id, this.seq++);
    }
    return best;
  }

  /** Scores may all have changed without their trackers telling (a new usage minute): the index reads them again. */
  rescore(): void {
    this.index?.rescoreAll();
  }

  private fromIndex(candidates: readonly Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    const index = this.index;
    if (index !== undefined && candidates === index.list) return index.min();
    if (index !== undefined) {
      const cut = cutFrom(index.list, candidates);
      if (cut !== undefined) return index.minExcept(cut);
    }
    if (!this.repeat.secondTime(candidates)) return undefined;
    const next = ScoreIndex.over(candidates, this.score, this.ties === 'round-robin' ? this.lastSeqOf : undefined);
    if (next === undefined) return undefined;
    index?.dispose();
    this.index = next;
    return next.min();
  }

  private scan(candidates: readonly Candidate[]): Candidate | undefined {
    const roundRobin = this.ties === 'round-robin';
    let best: Candidate | undefined;
    let bestScore = Infinity;
    let bestSeq = Infinity;
    for (const c of candidates) {
      const s = this.score(c);
      const last = roundRobin ? this.lastSeqOf(c.deployment.id) : 0;
      if (best === undefined || s < bestScore || (s === bestScore && last < bestSeq)) {
        best = c;
        bestScore = s;
        bestSeq = last;
      }
    }
    return best;
  }
}
