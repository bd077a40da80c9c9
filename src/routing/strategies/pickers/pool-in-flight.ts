import type { Candidate } from '../../types.js';
import type { DeploymentStatsTracker, StatsWatcher } from '../../stats/deployment-stats-tracker.js';
import { TrackerPositions } from './tracker-positions.js';

/**
 * One pool array's total in flight, kept as the stats trackers report each send and finish,
 * and where each deployment sits in it: what bounded-load hashing reads on every pick, O(1)
 * instead of a pass over the pool. Counts are integers, so the total is exactly the sum a scan
 * would make.
 */
export class PoolInFlight implements StatsWatcher {
  private total = 0;
  /** In flight per list position, as the trackers last reported: a typed array a walk can read without touching each candidate's tracker. */
  readonly counts: Float64Array;

  private constructor(
    readonly list: readonly Candidate[],
    /** List position + 1 per deployment index (0: not in the list). */
    readonly slotOf: Int32Array,
    private readonly positionOf: TrackerPositions,
  ) {
    this.counts = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      this.counts[i] = list[i].stats.inFlight;
      this.total += this.counts[i];
    }
    positionOf.watch(this);
  }

  /**
   * An index over `list`, or undefined when its candidates' stats cannot report changes, repeat,
   * or a deployment is not in `indexOf` (deployment id → index below `deployments`).
   */
  static over(list: readonly Candidate[], indexOf: ReadonlyMap<string, number>, deployments: number): PoolInFlight | undefined {
    const positionOf = TrackerPositions.of(list);
    if (positionOf === undefined) return undefined;
    const slotOf = new Int32Array(deployments);
    for (let i = 0; i < list.length; i++) {
      const d = indexOf.get(list[i].deployment.id);
      if (d === undefined || slotOf[d] !== 0) return undefined;
      slotOf[d] = i + 1;
    }
    return new PoolInFlight(list, slotOf, positionOf);
  }

  /** In flight over the list, less the members of `cut` (a retry's pool: a few at most). */
  totalExcept(cut?: ReadonlySet<Candidate>): number {
    let total = this.total;
    if (cut !== undefined) for (const c of cut) total -= c.stats.inFlight;
    return total;
  }

  statsChanged(stats: DeploymentStatsTracker): void {
    const i = this.positionOf.get(stats)!;
    const count = stats.inFlight;
    this.total += count - this.counts[i];
    this.counts[i] = count;
  }

  /** Stops listening to the trackers (the index is being replaced). */
  dispose(): void {
    this.positionOf.unwatch(this);
  }
}
