/**
 * Small helpers shared by the arbitraries: JSON-ish inputs, optional values, scaled integers,
 * and "mostly this value" mixes that keep generated worlds mostly healthy.
 */
import fc from 'fast-check';
import type { QualityTier } from '../../src/routing/types.js';

/** Plain JSON-like input object (what a YAML file would hold before validation). */
export type Input = Record<string, unknown>;

/** Drops keys whose value is undefined, so printed counterexamples stay short and valid. */
export function compact<T extends Input>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** An optional value (undefined, not null, when absent). */
export const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
/** Integer in [min, max] divided by `scale`: 0.1-steps etc., shrinking towards `min / scale`. */
export const scaled = (min: number, max: number, scale: number) => fc.integer({ min, max }).map((n) => n / scale);
/** Usually `usual`, sometimes anything from `arb`: keeps most generated worlds mostly healthy. */
export const mostly = <T>(usual: T, arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: arb });

/** Quality tiers, lowest first. */
export const QUALITY_TIERS: readonly QualityTier[] = ['low', 'medium', 'high'];
