import type { Candidate } from '../../types.js';
import { cutFrom, MAX_CUT } from './candidate-lookup.js';
import { PoolRepeat } from './pool-repeat.js';

/**
 * An index over the router's pool array, kept while that array comes back: the router hands out
 * one never-mutated array per health state, and a retry's pool is that array less the tried
 * deployments (a fresh array, same order). `over(pool)` answers with the kept index for its own
 * list or for such a cut of it (then `cut` holds the left-out members and `cutPositions` where
 * they sit in its list), else builds one over a
 * list seen twice in a row (the old one retired), else undefined: scan `pool`.
 */
export class KeptIndex<I extends { readonly list: readonly Candidate[] }> {
  private kept: I | undefined;
  private readonly repeat = new PoolRepeat();
  /** The members the last answered list leaves out of the index's list (undefined: the list itself). */
  cut: ReadonlySet<Candidate> | undefined;
  /** Their positions in the index's list, ascending (valid while `cut` is defined). */
  readonly cutPositions: number[] = [];

  constructor(
    /** An index over `pool`, or undefined when it cannot answer exactly as a scan. */
    private readonly build: (pool: readonly Candidate[]) => I | undefined,
    /** The replaced index stops listening (to its trackers). */
    private readonly retire: (old: I) => void = () => {},
  ) {}

  /** The index kept now, if any. */
  get current(): I | undefined {
    return this.kept;
  }

  over(pool: readonly Candidate[]): I | undefined {
    const kept = this.kept;
    this.cut = undefined;
    if (kept !== undefined) {
      if (pool === kept.list) return kept;
      const cut = cutFrom(kept.list, pool, MAX_CUT, this.cutPositions);
      if (cut !== undefined) {
        this.cut = cut;
        return kept;
      }
    }
    if (!this.repeat.secondTime(pool)) return undefined;
    const next = this.build(pool);
    if (next === undefined) return undefined;
    if (kept !== undefined) this.retire(kept);
    this.kept = next;
    return next;
  }
}
