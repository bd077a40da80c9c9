import type { Candidate, Deployment } from '../../types.js';
import { KeptIndex } from './kept-index.js';
import type { CandidateFilter } from './picker-types.js';
import { PickOrder } from './pick-order.js';
import { RoundRobinPicker } from './round-robin-picker.js';

/** A pool array and its members capable of each category asked about so far. */
interface PoolLists {
  readonly list: readonly Candidate[];
  readonly byCategory: Map<string, CapableList>;
}

/** A pool's members capable of one category, in pool order and by id, and how far its never-picked prefix goes. */
interface CapableList {
  readonly list: readonly Candidate[];
  readonly byId: ReadonlyMap<string, Candidate>;
  neverPickedFrom: number;
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
    const cut = this.kept.cut;
    const capableList = this.capableIn(lists, category);
    const { list, byId } = capableList;
    while (capableList.neverPickedFrom < list.length && this.picker.lastPicked(list[capableList.neverPickedFrom].deployment.id) >= 0) capableList.neverPickedFrom++;
    let i = capableList.neverPickedFrom;
    while (i < list.length && cut !== undefined && (cut.has(list[i]) || this.picker.lastPicked(list[i].deployment.id) >= 0)) i++;
    const best = list[i] ?? this.orders.get(category)?.first((id) => {
      const c = byId.get(id);
      return c === undefined || cut?.has(c) ? undefined : c;
    });
    if (best !== undefined) this.picker.recordPick(best);
    return best;
  }

  /** `pool`'s members capable of `category`, in pool order, when `pool` is the indexed pool array itself (else undefined: scan it). */
  capable(pool: readonly Candidate[], category: string): readonly Candidate[] | undefined {
    const lists = this.kept.over(pool);
    return lists === undefined || this.kept.cut !== undefined ? undefined : this.capableIn(lists, category).list;
  }

  private capableIn(lists: PoolLists, category: string): CapableList {
    let capableList = lists.byCategory.get(category);
    if (capableList === undefined) {
      const list = lists.list.filter((c) => this.capabilitiesOf(c.deployment).has(category));
      capableList = { list, byId: new Map(list.map((c) => [c.deployment.id, c])), neverPickedFrom: 0 };
      lists.byCategory.set(category, capableList);
    }
    return capableList;
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
