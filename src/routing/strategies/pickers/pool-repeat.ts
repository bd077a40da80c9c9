import type { Candidate } from '../../types.js';

/**
 * Tells when a strategy is handed the same list twice in a row. The router hands out one
 * never-mutated pool array per health state, so a list seen twice is worth an index (built
 * once, then used for every pick from that pool); a list seen once (a retry's fresh pool, a
 * filtered copy) is cheaper to scan.
 */
export class PoolRepeat {
  private last: readonly Candidate[] | undefined;

  /** True the second time in a row `list` comes (and then starts counting afresh). */
  secondTime(list: readonly Candidate[]): boolean {
    if (list !== this.last) {
      this.last = list;
      return false;
    }
    this.last = undefined;
    return true;
  }
}
