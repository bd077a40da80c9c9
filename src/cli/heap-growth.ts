import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full GC: 50%. A
 * simulation's live heap is its world (steady over the run), but its requests live long enough
 * (in flight for simulated seconds) to be promoted, so garbage piles up in the old generation
 * between full GCs. V8's own heuristic grows the heap up to 4× the live size for throughput:
 * 10,000 deployments, 100,000 clients and 1e7 requests peaked at 746–809 MB RSS over a live heap
 * of ~150 MB; at 50% the same run peaks at 452 MB. Runs with small worlds never reach the
 * sizes where the factor applies (the full-stack benchmark's CPU time did not move); in a
 * 10,000-deployment world it costs about a tenth more CPU in GC (measured in `npm run bench`).
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets V8's heap growing factor for this process (worker threads included) unless the user
 * chose one (`node --heap-growing-percent=0 bin/routesim.js ...` restores V8's heuristic).
 * Returns whether it set it.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
