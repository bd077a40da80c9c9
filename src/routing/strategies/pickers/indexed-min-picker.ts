import type { Candidate } from '../../types.js';
import { KeptIndex } from './kept-index.js';
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
  private readonly lastSeqOf = (id: string): number => this.lastPickSeq.get(id) ?? -1;
  private readonly kept = new KeptIndex(
    (pool) => ScoreIndex.over(pool, this.score, this.ties === 'round-robin' ? this.lastSeqOf : undefined),
    (old) => old.dispose(),
  );

  constructor(
    private readonly score: (c: Candidate) => number,
    private readonly ties: 'round-robin' | 'list-order',
  ) {}

  pick(candidates: readonly Candidate[]): Candidate | undefined {
    const best = this.fromIndex(candidates) ?? this.scan(candidates);
    if (best !== undefined && this.ties === 'round-robin') {
      this.kept.current?.picked(best, this.seq);
      this.lastPickSeq.set(best.deployment.id, this.seq++);
    }
    return best;
  }

  /** Scores may all have changed without their trackers telling (a new usage minute): the index reads them again. */
  rescore(): void {
    this.kept.current?.rescoreAll();
  }

  private fromIndex(candidates: readonly Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    const index = this.kept.over(candidates);
    if (index === undefined) return undefined;
    return this.kept.cut === undefined ? index.min() : index.minExcept(this.kept.cut);
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
