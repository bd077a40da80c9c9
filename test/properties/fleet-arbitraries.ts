/**
 * Fleets for properties where failures are not the point: quiet providers that never fail,
 * weights, and priced fleets for cost routing.
 */
import fc from 'fast-check';
import { mostly, QUALITY_TIERS, type Input } from './arbitrary-helpers.js';

/** Positive integer weights for `n` deployments (integers, so a full cycle is well defined). */
export const weightsArb = (n: number, max = 6) => fc.array(fc.integer({ min: 1, max }), { minLength: n, maxLength: n });

/**
 * A "quiet" fleet: n providers × 1 model that never fail (no errors, incidents, limits),
 * unbounded context, constant latency. With `weights`, provider i gets weights[i].
 */
export function quietProviders(n: number, o: { weights?: readonly number[]; latencyMs?: number } = {}): Input[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    weight: o.weights?.[i] ?? 1,
    latency: { ttftMs: o.latencyMs ?? 100, msPerOutputToken: 0 },
    healthEndpoint: { latencyMs: 1 },
    models: [{ id: 'm0', contextWindowTokens: 1_000_000 }],
  }));
}

/**
 * A priced fleet that never fails: 1–5 providers × 1–2 models with random quality tiers,
 * per-MTok prices, cost multipliers, context windows (sometimes small) and mid-run price
 * changes (applied by the World at `atS`). For cost-routing properties.
 */
export const pricedProvidersArb: fc.Arbitrary<Input[]> = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.tuple(
    ...Array.from({ length: n }, (_, i) =>
      fc.integer({ min: 1, max: 2 }).chain((modelCount) => {
        const modelIds = Array.from({ length: modelCount }, (_, j) => `m${j}`);
        return fc.record({
          id: fc.constant(`p${i}`),
          costMultiplier: fc.constantFrom(0.5, 1, 1.5, 2),
          latency: fc.constant({ ttftMs: 50, msPerOutputToken: 0 }),
          models: fc.tuple(
            ...modelIds.map((id) =>
              fc.record({
                id: fc.constant(id),
                qualityTier: fc.constantFrom(...QUALITY_TIERS),
                inputUsdPerMTok: fc.integer({ min: 0, max: 30 }),
                outputUsdPerMTok: fc.integer({ min: 0, max: 60 }),
                contextWindowTokens: mostly(1_000_000, fc.integer({ min: 200, max: 4_000 })),
              }),
            ),
          ),
          priceChanges: fc.array(
            fc.record({
              atS: fc.integer({ min: 0, max: 60 }),
              model: fc.constantFrom(...modelIds),
              inputUsdPerMTok: fc.integer({ min: 0, max: 30 }),
              outputUsdPerMTok: fc.integer({ min: 0, max: 60 }),
            }),
            { maxLength: 2 },
          ),
        });
      }),
    ),
  ),
);
