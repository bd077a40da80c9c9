import type { Candidate } from '../../types.js';
import { DeploymentStatsTracker, type StatsWatcher } from '../../stats/deployment-stats-tracker.js';

/**
 * Each stats tracker of a candidate list and its list position: what an index kept current by
 * the trackers (a StatsWatcher) needs to find the entry a change is about, and to start and
 * stop listening. `of` refuses a list whose stats cannot report changes or that shares one
 * tracker between two candidates.
 */
export class TrackerPositions {
  private constructor(private readonly positionOf: ReadonlyMap<DeploymentStatsTracker, number>) {}

  static of(list: readonly Candidate[]): TrackerPositions | undefined {
    const positionOf = new Map<DeploymentStatsTracker, number>();
    for (let i = 0; i < list.length; i++) {
      const stats = list[i].stats;
      if (!(stats instanceof DeploymentStatsTracker) || positionOf.has(stats)) return undefined;
      positionOf.set(stats, i);
    }
    return new TrackerPositions(positionOf);
  }

  /** The list position of `stats` (undefined: not one of the list's trackers). */
  get(stats: DeploymentStatsTracker): number | undefined {
    return this.positionOf.get(stats);
  }

  /** Every tracker tells `watcher` of each change from now on. */
  watch(watcher: StatsWatcher): void {
    for (const stats of this.positionOf.keys()) stats.watchers.push(watcher);
  }

  /** No tracker tells `watcher` any more (its index is being replaced). */
  unwatch(watcher: StatsWatcher): void {
    for (const stats of this.positionOf.keys()) stats.unwatch(watcher);
  }
}
