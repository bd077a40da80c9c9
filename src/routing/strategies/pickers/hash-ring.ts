import { hashKey } from './hash.js';

/**
 * Consistent-hash ring with virtual nodes (Karger et al.; Ketama-style). Built once; a lookup
 * is a binary search plus a clockwise walk done by the caller via `ownerAt` (or `ownerIndexAt`).
 */
export class HashRing {
  private readonly points: Uint32Array;
  private readonly owners: Int32Array;

  constructor(
    readonly ids: readonly string[],
    readonly virtualNodes: number,
  ) {
    const entries: { point: number; owner: number }[] = [];
    ids.forEach((id, owner) => {
      for (let v = 0; v < virtualNodes; v++) entries.push({ point: hashKey(`${id}#${v}`), owner });
    });
    // Ties (astronomically rare) broken by owner index so the ring never depends on sort stability.
    entries.sort((a, b) => a.point - b.point || a.owner - b.owner);
    this.points = Uint32Array.from(entries, (e) => e.point);
    this.owners = Int32Array.from(entries, (e) => e.owner);
  }

  get size(): number {
    return this.points.length;
  }

  /** Ring position of the first point at or after `hash`, wrapping to 0 past the last. */
  firstPositionAtOrAfter(hash: number): number {
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid] < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo === this.points.length ? 0 : lo;
  }

  /** Id owning ring position `position` (taken modulo the ring size). */
  ownerAt(position: number): string {
    return this.ids[this.ownerIndexAt(position)];
  }

  /** Index in `ids` of the owner of ring position `position` (taken modulo the ring size). */
  ownerIndexAt(position: number): number {
    return this.owners[position % this.points.length];
  }
}
