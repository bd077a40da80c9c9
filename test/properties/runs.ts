/**
 * Number of runs for a property: the stated `n`, times PROPERTY_RUNS_SCALE when set (e.g.
 * `PROPERTY_RUNS_SCALE=20 npx vitest run test/properties` for a deeper, slower search).
 */
export function runs(n: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(n * scale)) : n;
}

/** Per-test timeout that grows with PROPERTY_RUNS_SCALE (vitest's 5 s default is for unit tests). */
export const PROPERTY_TIMEOUT_MS = 60_000 * Math.max(1, Number(process.env.PROPERTY_RUNS_SCALE ?? '1') || 1);
