import type { Candidate, Deployment } from '../../types.js';
import { KeptIndex } from './kept-index.js';
import type { CandidateFilter } from './picker-types.js';
import { PickOrder } from './pick-order.js';
import { RoundRobinIndex } from './round-robin-index.js';
import { RoundRobinPicker } from './round-robin-picker.js';

/** A pool array and its members capable of each category asked about so far. */
interface PoolLists {
  readonly list: readonly Candidate[];
  /** Per category, its capable members in pool order, as a round-robin index. */
  readonly byCategory: Map<string, RoundRobinIndex>;
}

/**
 * Round robin among a pool's members capable of a category, answered from indexes: what
 * `RoundRobinPicker.pick(pool, capable)` scans for — the first never-picked capable member in pool
 * order, else the capable member picked least recently. The pick history is one picker's, shared
 * by every category (a deployment serving two categories takes one turn in both); each category
 * also keeps its capable deployments in last-pick order, moved at each of their picks (O(its
 * capabilities)). A pick then costs O(1) plus the capable deployments outside the pool it steps
 * past at the head of that order (recently excluded ones). The router's pool array seen twice in
 * a row gets a capable list per category, which also answers a retry's pool (that array less
 * the tried deployments); any other list is scanned.
 */
export class CategoryRoundRobin {
  /** The shared history; its own picks (over whole pools) count for the categories too. */
  readonly picker: RoundRobinPicker;
  private readonly orders = new Map<string, PickOrder>();
  /** The router's pool array (seen twice in a row) and its capable lists, made per category at first need. */
  private readonly kept = new KeptIndex<PoolLists>((pool) => ({ list: pool, byCategory: new Map() }));

  constructor(private readonly capabilitiesOf: (d: Deployment) => ReadonlySet<string>) {
    this.picker = new RoundRobinPicker((c) => {
      for (const category of this.capabilitiesOf(c.deployment)) this.orderOf(category).moveToEnd(c.deployment.id);
    });
  }

  /**
   * The round-robin pick among `pool`'s members capable of `category` (`capable` says which),
   * recorded; undefined when none is. A retry's pool (the indexed pool less a few) is answered
   * from the pool's lists, stepping past the tried members.
   */
  pick(pool: readonly Candidate[], category: string, capable: CandidateFilter): Candidate | undefined {
    const lists = this.kept.over(pool);
    if (lists === undefined) return this.picker.pick(pool, capable);
    return this.picker.pickFrom(this.capableIn(lists, category), this.orderOf(category), this.kept.cut);
  }

  /** `pool`'s members capable of `category`, in pool order, when `pool` is the indexed pool array itself (else undefined: scan it). */
  capable(pool: readonly Candidate[], category: string): readonly Candidate[] | undefined {
    const lists = this.kept.over(pool);
    return lists === undefined || this.kept.cut !== undefined ? undefined : this.capableIn(lists, category).list;
  }

  private capableIn(lists: PoolLists, category: string): RoundRobinIndex {
    let capable = lists.byCategory.get(category);
    if (capable === undefined) {
      const list = lists.list.filter((c) => this.capabilitiesOf(c.deployment).has(category));
      capable = new RoundRobinIndex(list, new Map(list.map((c) => [c.deployment.id, c])));
      lists.byCategory.set(category, capable);
    }
    return capable;
  }

  private orderOf(category: string): PickOrder {
    let order = this.orders.get(category);
    if (order === undefined) {
      order = new PickOrder();
      this.orders.set(category, order);
    }
    return order;
  }
}
