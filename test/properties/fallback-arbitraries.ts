/**
 * Fallback-chain generators: random acyclic chains (a topological order, edges only forward)
 * and chains that contain a cycle, over given deployments.
 */
import fc from 'fast-check';
import type { FallbacksConfig } from '../../src/config/router-schema.js';

/** The four fallback maps; cycles are checked over their union. */
const MAP_NAMES = ['default', 'rateLimited', 'contextWindow', 'providerError'] as const;

/**
 * Random ACYCLIC fallback chains over `deploymentIds`: a random topological order, edges only
 * forward in it, spread over the four maps (the loader checks cycles over their union).
 * Keys and targets are deployment ids.
 */
export function acyclicFallbacksArb(deploymentIds: readonly string[]): fc.Arbitrary<FallbacksConfig> {
  const n = deploymentIds.length;
  if (n < 2) return fc.constant({ default: {}, rateLimited: {}, contextWindow: {}, providerError: {} });
  return fc
    .tuple(
      fc.shuffledSubarray([...deploymentIds], { minLength: n, maxLength: n }),
      fc.array(fc.record({ map: fc.constantFrom(...MAP_NAMES), a: fc.nat(n - 1), b: fc.nat(n - 1) }), { maxLength: 3 * n }),
    )
    .map(([order, edges]) => {
      const cfg: FallbacksConfig = { default: {}, rateLimited: {}, contextWindow: {}, providerError: {} };
      for (const e of edges) {
        if (e.a === e.b) continue;
        const [from, to] = e.a < e.b ? [order[e.a], order[e.b]] : [order[e.b], order[e.a]];
        const list = (cfg[e.map][from] ??= []);
        if (!list.includes(to)) list.push(to);
      }
      return cfg;
    });
}

/**
 * Fallback chains that contain a cycle: `cycle` (≥ 1 distinct deployments) closes on itself,
 * each edge in a random map, each target named by deployment id or by its provider id (a
 * provider stands for all its deployments, so the cycle edge is still there). A one-node cycle
 * is a deployment naming itself by id.
 */
export function cyclicFallbacksArb(deployments: readonly { id: string; providerId: string }[]): fc.Arbitrary<{ cfg: FallbacksConfig; cycle: string[] }> {
  const ids = deployments.map((d) => d.id);
  return fc
    .shuffledSubarray(ids, { minLength: 1, maxLength: Math.min(ids.length, 5) })
    .chain((cycle) =>
      fc
        .tuple(
          fc.constant(cycle),
          fc.array(fc.record({ map: fc.constantFrom(...MAP_NAMES), byProvider: fc.boolean() }), { minLength: cycle.length, maxLength: cycle.length }),
        )
        .map(([c, how]) => {
          const cfg: FallbacksConfig = { default: {}, rateLimited: {}, contextWindow: {}, providerError: {} };
          c.forEach((from, i) => {
            const to = c[(i + 1) % c.length];
            const provider = deployments.find((d) => d.id === to)!.providerId;
            // A self-loop named through the provider is dropped by design; keep it by id.
            const target = how[i].byProvider && c.length > 1 ? provider : to;
            const list = (cfg[how[i].map][from] ??= []);
            if (!list.includes(target)) list.push(target);
          });
          return { cfg, cycle: c };
        }),
    );
}

