import type { Candidate } from '../../types.js';
import type { CandidateWeight } from './picker-types.js';

/** A candidate's smooth-WRR state (shared with SmoothWeightedPicker's scan). */
export interface PeerState {
  current: number;
}

/** Totals beyond this could lose integer exactness over a long run (2^53 is the limit). */
const MAX_EXACT_TOTAL = 2 ** 40;

/**
 * nginx's smooth weighted round robin over one pool array, in O(K + log N) per pick for K
 * distinct weights instead of O(N). Each pick adds every member's weight to its current value;
 * here that is lazy: current = base + weight × picks, and only the picked member's base changes
 * (minus the total). Members of equal weight keep their order by base whatever the number of
 * picks, so each weight has a heap ordered by (base desc, list position asc); a pick compares
 * the K heap tops. With integer weights every value is an exact integer, so the lazy values
 * equal the scan's repeated additions bit for bit, and ties go to the earliest list position as
 * in the scan: the same sequence. `ofPool` refuses what it cannot index that exactly
 * (non-integer, negative, scaled or huge weights).
 */
export class SmoothWeightedIndex {
  private readonly base: Float64Array;
  private readonly weight: Float64Array;
  /** Per distinct weight: its heap of list positions. */
  private readonly heaps: number[][];
  private readonly heapWeights: number[];
  /** Which heap each position is in, and where in it. */
  private readonly heapOf: Int32Array;
  private readonly at: Int32Array;
  private readonly total: number;
  private picks = 0;

  private constructor(readonly list: readonly Candidate[], private readonly peers: readonly PeerState[], weights: readonly number[]) {
    const n = list.length;
    this.base = Float64Array.from(peers, (p) => p.current);
    this.weight = Float64Array.from(weights);
    this.heapOf = new Int32Array(n);
    this.at = new Int32Array(n);
    const byWeight = new Map<number, number>();
    this.heaps = [];
    this.heapWeights = [];
    let total = 0;
    for (let i = 0; i < n; i++) {
      total += weights[i];
      let h = byWeight.get(weights[i]);
      if (h === undefined) {
        h = this.heaps.length;
        byWeight.set(weights[i], h);
        this.heaps.push([]);
        this.heapWeights.push(weights[i]);
      }
      this.heapOf[i] = h;
      this.push(this.heaps[h], i);
    }
    this.total = total;
  }

  /** An index of `pool` (peers: each member's state, in list order), or undefined when it would not pick exactly as the scan. */
  static ofPool(pool: readonly Candidate[], peers: readonly PeerState[], weightOf: CandidateWeight): SmoothWeightedIndex | undefined {
    if (pool.length === 0) return undefined;
    const weights: number[] = [];
    let total = 0;
    for (const c of pool) {
      const w = weightOf(c);
      if (!Number.isInteger(w) || w < 0) return undefined;
      weights.push(w);
      total += w;
    }
    if (total > MAX_EXACT_TOTAL) return undefined;
    for (const p of peers) if (!Number.isInteger(p.current) || Math.abs(p.current) > MAX_EXACT_TOTAL) return undefined;
    return new SmoothWeightedIndex(pool, peers, weights);
  }

  /** The scan's pick on this pool, and its state change. */
  pick(): Candidate {
    return this.list[this.pickAmong(this.total)];
  }

  /**
   * The scan's pick on this pool less the members at list positions `cut` (a retry's pool), and
   * its state change: the cut members are out of their heaps for the pick, and their values do
   * not move (the scan adds nothing to them), so their bases give back the weight the lazy count
   * adds. O(|cut| log N).
   */
  pickExcept(cut: readonly number[]): Candidate {
    let cutTotal = 0;
    for (const pos of cut) {
      cutTotal += this.weight[pos];
      this.remove(pos);
    }
    const best = this.pickAmong(this.total - cutTotal);
    for (const pos of cut) {
      this.base[pos] -= this.weight[pos];
      this.push(this.heaps[this.heapOf[pos]], pos);
    }
    return this.list[best];
  }

  /** The largest lazy value among the heaps' tops (earliest position on ties) takes the pick and gives back `total`. */
  private pickAmong(total: number): number {
    const next = this.picks + 1;
    let best = -1;
    let bestValue = -Infinity;
    for (let h = 0; h < this.heaps.length; h++) {
      const top = this.heaps[h][0];
      if (top === undefined) continue;
      const value = this.base[top] + this.heapWeights[h] * next;
      if (best < 0 || value > bestValue || (value === bestValue && top < best)) {
        best = top;
        bestValue = value;
      }
    }
    this.picks = next;
    this.base[best] -= total;
    this.siftDown(this.heaps[this.heapOf[best]], 0);
    return best;
  }

  /** Takes the members' current values from their peer states again (after a scan of another list moved some). */
  reopen(): void {
    for (let i = 0; i < this.list.length; i++) this.base[i] = this.peers[i].current;
    this.picks = 0;
    for (const heap of this.heaps) heap.length = 0;
    for (let i = 0; i < this.list.length; i++) this.push(this.heaps[this.heapOf[i]], i);
  }

  /** Writes every member's current value back to its peer state (before anything else reads them). */
  materialize(): void {
    for (let i = 0; i < this.list.length; i++) this.peers[i].current = this.base[i] + this.weight[i] * this.picks;
  }

  /** Higher base first, then the earlier list position. */
  private before(a: number, b: number): boolean {
    return this.base[a] > this.base[b] || (this.base[a] === this.base[b] && a < b);
  }

  private push(heap: number[], pos: number): void {
    heap.push(pos);
    this.siftUp(heap, heap.length - 1);
  }

  /** Takes `pos` out of its heap. */
  private remove(pos: number): void {
    const heap = this.heaps[this.heapOf[pos]];
    const i = this.at[pos];
    const last = heap.pop()!;
    if (last === pos) return;
    heap[i] = last;
    this.at[last] = i;
    this.siftDown(heap, this.siftUp(heap, i));
  }

  /** Moves the entry at `start` up while it comes before its parent; returns where it stops. */
  private siftUp(heap: number[], start: number): number {
    const pos = heap[start];
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(pos, heap[parent])) break;
      heap[i] = heap[parent];
      this.at[heap[i]] = i;
      i = parent;
    }
    heap[i] = pos;
    this.at[pos] = i;
    return i;
  }

  /** Moves the entry at `start` down while a child comes before it (a picked top's base only decreases: it sinks). */
  private siftDown(heap: number[], start: number): void {
    const n = heap.length;
    const pos = heap[start];
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1], heap[child])) child++;
      if (!this.before(heap[child], pos)) break;
      heap[i] = heap[child];
      this.at[heap[i]] = i;
      i = child;
    }
    heap[i] = pos;
    this.at[pos] = i;
  }
}
