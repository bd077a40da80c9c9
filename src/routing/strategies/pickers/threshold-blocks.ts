import { firstAbove } from '../../../core/sorted-search.js';
import type { Candidate } from '../../types.js';
import type { DeploymentStatsTracker, StatsWatcher } from '../../stats/deployment-stats-tracker.js';
import { TrackerPositions } from './tracker-positions.js';

/**
 * One pool array's values (ms per output token, NaN while unknown) in blocks of ~√N list
 * positions, each block keeping its finite values sorted: what "uniform among those at or under
 * a threshold, or unknown" needs without reading every candidate. The lowest value is the least
 * of the blocks' firsts; how many are eligible, a binary search per block; the r-th eligible in
 * list order, a walk over the blocks' counts and a scan of one block. O(√N log N) per pick and
 * O(√N) per change (the trackers report each finish), where a scan is O(N). The same values and
 * comparisons as the scan, so the same count and the same r-th candidate. A retry's pool (the
 * list less a few tried members) is answered too, reading the blocks that hold those members
 * position by position.
 */
export class ThresholdBlocks implements StatsWatcher {
  private readonly blockSize: number;
  private readonly value: Float64Array;
  /** Per block: its finite values ascending (the first `finite[b]` of each array), and its NaN count. */
  private readonly sorted: Float64Array[];
  private readonly finite: Int32Array;
  private readonly unknown: Int32Array;

  private constructor(
    readonly list: readonly Candidate[],
    private readonly read: (c: Candidate) => number,
    private readonly positionOf: TrackerPositions,
  ) {
    const n = list.length;
    this.blockSize = Math.max(8, Math.ceil(Math.sqrt(n)));
    const blocks = Math.ceil(n / this.blockSize);
    this.value = new Float64Array(n);
    this.sorted = Array.from({ length: blocks }, (_, b) => new Float64Array(Math.min(this.blockSize, n - b * this.blockSize)));
    this.finite = new Int32Array(blocks);
    this.unknown = new Int32Array(blocks);
    for (let i = 0; i < n; i++) {
      this.value[i] = read(list[i]);
      this.add(i, this.value[i]);
    }
    positionOf.watch(this);
  }

  /** An index over `list`, or undefined when its candidates' stats cannot report changes (or repeat). */
  static over(list: readonly Candidate[], read: (c: Candidate) => number): ThresholdBlocks | undefined {
    const positionOf = TrackerPositions.of(list);
    if (positionOf === undefined) return undefined;
    return new ThresholdBlocks(list, read, positionOf);
  }

  /** The lowest finite value (Infinity when none is known), leaving out the positions in `skip`. */
  lowest(skip?: readonly number[]): number {
    let low = Infinity;
    for (let b = 0; b < this.sorted.length; b++) {
      if (skip !== undefined && this.holdsAny(b, skip)) {
        for (let i = b * this.blockSize, end = this.blockEnd(b); i < end; i++) if (!skip.includes(i) && this.value[i] < low) low = this.value[i];
      } else if (this.finite[b] > 0 && this.sorted[b][0] < low) low = this.sorted[b][0];
    }
    return low;
  }

  /** How many values are NaN or ≤ `threshold`, leaving out the positions in `skip`. */
  countEligible(threshold: number, skip?: readonly number[]): number {
    let count = 0;
    for (let b = 0; b < this.sorted.length; b++) count += this.eligibleIn(b, threshold, skip);
    return count;
  }

  /** The `r`-th (from 0) candidate in list order whose value is NaN or ≤ `threshold`, leaving out the positions in `skip`. */
  eligibleAt(threshold: number, r: number, skip?: readonly number[]): Candidate | undefined {
    for (let b = 0; b < this.sorted.length; b++) {
      const inBlock = this.eligibleIn(b, threshold, skip);
      if (r >= inBlock) {
        r -= inBlock;
        continue;
      }
      for (let i = b * this.blockSize, end = this.blockEnd(b); i < end; i++) {
        const v = this.value[i];
        if (!(Number.isNaN(v) || v <= threshold) || skip?.includes(i)) continue;
        if (r === 0) return this.list[i];
        r--;
      }
    }
    return undefined;
  }

  /** Block b's eligible count: from its sorted values, or position by position when it holds a skipped one. */
  private eligibleIn(b: number, threshold: number, skip: readonly number[] | undefined): number {
    if (skip === undefined || !this.holdsAny(b, skip)) return this.unknown[b] + firstAbove(this.sorted[b], threshold, this.finite[b]);
    let count = 0;
    for (let i = b * this.blockSize, end = this.blockEnd(b); i < end; i++) {
      const v = this.value[i];
      if ((Number.isNaN(v) || v <= threshold) && !skip.includes(i)) count++;
    }
    return count;
  }

  private holdsAny(b: number, skip: readonly number[]): boolean {
    for (const i of skip) if (Math.floor(i / this.blockSize) === b) return true;
    return false;
  }

  private blockEnd(b: number): number {
    return Math.min(this.list.length, (b + 1) * this.blockSize);
  }

  statsChanged(stats: DeploymentStatsTracker): void {
    const i = this.positionOf.get(stats)!;
    const v = this.read(this.list[i]);
    const old = this.value[i];
    if (v === old || (Number.isNaN(v) && Number.isNaN(old))) return;
    this.remove(i, old);
    this.value[i] = v;
    this.add(i, v);
  }

  /** Stops listening to the trackers (the index is being replaced). */
  dispose(): void {
    this.positionOf.unwatch(this);
  }

  private add(i: number, v: number): void {
    const b = Math.floor(i / this.blockSize);
    if (Number.isNaN(v)) {
      this.unknown[b]++;
      return;
    }
    const s = this.sorted[b];
    const n = this.finite[b]++;
    const at = firstAbove(s, v, n);
    s.copyWithin(at + 1, at, n);
    s[at] = v;
  }

  private remove(i: number, v: number): void {
    const b = Math.floor(i / this.blockSize);
    if (Number.isNaN(v)) {
      this.unknown[b]--;
      return;
    }
    const s = this.sorted[b];
    const n = this.finite[b]--;
    const at = firstAbove(s, v, n) - 1; // the last copy of v: any copy will do
    s.copyWithin(at, at + 1, n);
  }
}
