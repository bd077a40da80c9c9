import type { Candidate } from '../../types.js';
import type { DeploymentStatsTracker, StatsWatcher } from '../../stats/deployment-stats-tracker.js';
import { TrackerPositions } from './tracker-positions.js';

/**
 * The candidate a lowest-score scan of one candidate list would pick — lowest score, then (with
 * round-robin ties) least recently picked, never picked first, then first in list order — kept
 * at the top of a binary heap. Scores must depend only on what a deployment's stats tracker
 * holds (in-flight count, latency EWMA): the trackers report every send and finish and the
 * picker every pick, each re-sifting one entry, O(log N) per change instead of O(N) per pick.
 * The order is total (list positions are unique), so the heap's top is exactly the scan's answer.
 */
export class ScoreIndex implements StatsWatcher {
  private readonly load: Float64Array;
  /** Sequence number of each position's last pick; -1 never picked; all 0 without round-robin ties. */
  private readonly lastSeq: Float64Array;
  /** Heap of list positions, and each position's place in it. */
  private readonly heap: Int32Array;
  private readonly at: Int32Array;

  private constructor(
    readonly list: readonly Candidate[],
    private readonly score: (c: Candidate) => number,
    lastSeqOf: ((deploymentId: string) => number) | undefined,
    /** Each candidate's tracker and its list position. */
    private readonly positionOf: TrackerPositions,
  ) {
    const n = list.length;
    this.load = new Float64Array(n);
    this.lastSeq = new Float64Array(n);
    this.heap = new Int32Array(n);
    this.at = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.load[i] = score(list[i]);
      this.lastSeq[i] = lastSeqOf === undefined ? 0 : lastSeqOf(list[i].deployment.id);
      this.heap[i] = i;
      this.at[i] = i;
    }
    for (let h = (n >> 1) - 1; h >= 0; h--) this.siftDown(h);
    positionOf.watch(this);
  }

  /**
   * An index over `list`, or undefined when its candidates' stats cannot report changes (or
   * repeat). `lastSeqOf` gives round-robin ties (the picker's last-pick sequence numbers).
   */
  static over(list: readonly Candidate[], score: (c: Candidate) => number, lastSeqOf?: (deploymentId: string) => number): ScoreIndex | undefined {
    const positionOf = TrackerPositions.of(list);
    if (positionOf === undefined) return undefined;
    return new ScoreIndex(list, score, lastSeqOf, positionOf);
  }

  /** Stops listening to the trackers (the index is being replaced). */
  dispose(): void {
    this.positionOf.unwatch(this);
  }

  statsChanged(stats: DeploymentStatsTracker): void {
    const i = this.positionOf.get(stats)!;
    const load = this.score(this.list[i]);
    if (load === this.load[i]) return;
    this.load[i] = load;
    this.resift(i);
  }

  /** Every score may have changed without a tracker telling (usage counters start afresh each minute): read them all again. O(N). */
  rescoreAll(): void {
    const n = this.list.length;
    for (let i = 0; i < n; i++) this.load[i] = this.score(this.list[i]);
    for (let h = (n >> 1) - 1; h >= 0; h--) this.siftDown(h);
  }

  /** `candidate` (a member or not) was just picked with sequence number `seq` (round-robin ties only). */
  picked(candidate: Candidate, seq: number): void {
    const i = this.positionOf.get(candidate.stats as DeploymentStatsTracker);
    if (i === undefined || this.list[i] !== candidate) return;
    this.lastSeq[i] = seq;
    this.resift(i);
  }

  /** The scan's answer over the whole list. */
  min(): Candidate | undefined {
    return this.heap.length === 0 ? undefined : this.list[this.heap[0]];
  }

  /**
   * The scan's answer over the list less `cut` (a retry's pool): a best-first walk from the top
   * that steps past cut members, visiting at most 2 × |cut| + 1 entries.
   */
  minExcept(cut: ReadonlySet<Candidate>): Candidate | undefined {
    const frontier: number[] = this.heap.length === 0 ? [] : [0];
    while (frontier.length > 0) {
      let k = 0;
      for (let j = 1; j < frontier.length; j++) if (this.before(this.heap[frontier[j]], this.heap[frontier[k]])) k = j;
      const h = frontier[k];
      const c = this.list[this.heap[h]];
      if (!cut.has(c)) return c;
      frontier.splice(k, 1);
      if (2 * h + 1 < this.heap.length) frontier.push(2 * h + 1);
      if (2 * h + 2 < this.heap.length) frontier.push(2 * h + 2);
    }
    return undefined;
  }

  /** Whether position a comes before position b in the scan's order. */
  private before(a: number, b: number): boolean {
    const la = this.load[a];
    const lb = this.load[b];
    if (la !== lb) return la < lb;
    const sa = this.lastSeq[a];
    const sb = this.lastSeq[b];
    return sa !== sb ? sa < sb : a < b;
  }

  private resift(i: number): void {
    const h = this.at[i];
    if (this.siftUp(h) === h) this.siftDown(h);
  }

  private siftUp(h: number): number {
    const heap = this.heap;
    const i = heap[h];
    while (h > 0) {
      const parent = (h - 1) >> 1;
      if (!this.before(i, heap[parent])) break;
      this.place(heap[parent], h);
      h = parent;
    }
    this.place(i, h);
    return h;
  }

  private siftDown(h: number): void {
    const heap = this.heap;
    const n = heap.length;
    const i = heap[h];
    for (;;) {
      let child = 2 * h + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1], heap[child])) child++;
      if (!this.before(heap[child], i)) break;
      this.place(heap[child], h);
      h = child;
    }
    this.place(i, h);
  }

  private place(i: number, h: number): void {
    this.heap[h] = i;
    this.at[i] = h;
  }
}
