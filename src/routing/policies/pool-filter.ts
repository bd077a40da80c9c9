import type { RemovedCandidate, RouterSlot } from '../candidate-partition.js';

/**
 * The pool without the slots `removedBy` names a reason for, each noted in `removed` (explain).
 * The pool itself when nothing is removed: strategies index the router's pool arrays by
 * identity, and an attempt that filters nothing should allocate nothing.
 */
export function removeWhere(pool: RouterSlot[], removedBy: (s: RouterSlot) => string | undefined, removed: RemovedCandidate[] | undefined): RouterSlot[] {
  let kept: RouterSlot[] | undefined;
  for (let i = 0; i < pool.length; i++) {
    const s = pool[i];
    const by = removedBy(s);
    if (by === undefined) {
      kept?.push(s);
      continue;
    }
    kept ??= pool.slice(0, i);
    removed?.push({ id: s.deployment.id, by: [by] });
  }
  return kept ?? pool;
}
