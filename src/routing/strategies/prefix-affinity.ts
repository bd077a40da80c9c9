import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { FNV_OFFSET_BASIS, FNV_PRIME, fmix32, hashKey } from './pickers/hash.js';
import { HashRing } from './pickers/hash-ring.js';
import type { StrategyDefinition } from './strategy-definition.js';

export const prefixAffinityParamsSchema = z.strictObject({
  prefixBlocks: z
    .number()
    .int()
    .positive()
    .max(1_000)
    .default(2)
    .describe('Leading prefix-hash blocks that form the routing key (requests sharing them share a deployment)'),
  loadBound: z
    .number()
    .finite()
    .min(0)
    .max(100)
    .default(0.25)
    .describe('ε of bounded-load hashing: skip a deployment whose in-flight would exceed ⌈(1+ε)× the mean⌉'),
  virtualNodes: z.number().int().positive().max(10_000).default(160).describe('Ring points per deployment'),
});
export type PrefixAffinityParams = z.output<typeof prefixAffinityParamsSchema>;

const TWO_32 = 4_294_967_296;

/**
 * The affinity key: the first `blocks` prefix hashes (requests that share a prompt prefix
 * share a key), else the session, else the client, else the request id.
 */
export function affinityHash(req: RouteRequest, blocks: number): number {
  const hashes = req.prefixHashes;
  if (hashes !== undefined && hashes.length > 0) {
    let h = FNV_OFFSET_BASIS;
    const n = Math.min(blocks, hashes.length);
    for (let i = 0; i < n; i++) {
      const x = hashes[i];
      h = Math.imul(h ^ fmix32(x >>> 0), FNV_PRIME);
      h = Math.imul(h ^ fmix32(Math.floor(x / TWO_32)), FNV_PRIME);
    }
    return fmix32(h);
  }
  return hashKey(req.sessionId ?? req.clientId ?? String(req.id));
}

/**
 * Prefix-affinity routing: consistent hashing on the prompt's leading prefix blocks, so
 * requests that share a prefix meet the KV cache that holds it, with bounded loads
 * (Mirrokni, Thorup & Zadimoghaddam, "Consistent Hashing with Bounded Loads", 2018): walking
 * clockwise, a deployment is taken only while its in-flight count plus this request stays
 * within ⌈(1+ε)·(total in flight + 1)/n⌉. A hot prefix therefore spills to the next
 * deployments on the ring (always the same ones) instead of piling onto one.
 */
export class PrefixAffinityStrategy implements Strategy {
  readonly name = 'prefix-affinity';
  private readonly indexOf: Map<string, number>;
  /** Candidate position + 1 per deployment index for the current pick (0 = not a candidate). */
  private readonly slot: Int32Array;

  constructor(private readonly ring: HashRing, private readonly params: PrefixAffinityParams) {
    this.indexOf = new Map(ring.ids.map((id, i) => [id, i]));
    this.slot = new Int32Array(ring.ids.length);
  }

  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined {
    const pool = untriedOrAll(candidates, ctx);
    if (pool.length === 0) return undefined;
    return this.choose(affinityHash(req, this.params.prefixBlocks), pool);
  }

  /** 1 for the candidate this request goes to, 0 for the others. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    const pool = untriedOrAll(candidates, ctx);
    const target = pool.length === 0 ? undefined : this.choose(affinityHash(req, this.params.prefixBlocks), pool);
    const scores: Record<string, number> = {};
    for (const c of candidates) scores[c.deployment.id] = c === target ? 1 : 0;
    return scores;
  }

  /** Ceiling on in-flight attempts (including this one) per deployment. */
  static capacity(pool: readonly Candidate[], epsilon: number): number {
    let total = 0;
    for (const c of pool) total += c.stats.inFlight;
    return Math.ceil(((1 + epsilon) * (total + 1)) / pool.length);
  }

  private choose(hash: number, pool: readonly Candidate[]): Candidate {
    const cap = PrefixAffinityStrategy.capacity(pool, this.params.loadBound);
    const slot = this.slot, ring = this.ring;
    for (let i = 0; i < pool.length; i++) slot[this.indexOf.get(pool[i].deployment.id)!] = i + 1;
    // The ring holds every deployment (see `create`), so the walk meets every candidate, the
    // least loaded one included, and that one always fits: with q·n + r in flight (0 ≤ r < n)
    // it has at most q, and q + 1 = ⌈(q·n + r + 1)/n⌉ ≤ cap.
    let chosen: Candidate | undefined;
    const start = ring.firstPositionAtOrAfter(hash);
    for (let step = 0; chosen === undefined && step < ring.size; step++) {
      const s = slot[ring.ownerIndexAt(start + step)];
      if (s !== 0 && pool[s - 1].stats.inFlight + 1 <= cap) chosen = pool[s - 1];
    }
    for (const c of pool) slot[this.indexOf.get(c.deployment.id)!] = 0;
    if (chosen === undefined) throw new Error('prefix-affinity: no candidate within the load bound (a candidate missing from the ring?)');
    return chosen;
  }
}

export const prefixAffinityStrategy: StrategyDefinition<PrefixAffinityParams> = {
  name: 'prefix-affinity',
  description: 'Consistent hash on the leading prefix-cache blocks (or session/client) with bounded loads: cache hits without hot spots',
  paramsSchema: prefixAffinityParamsSchema,
  perPick: { cost: 'O(N)', why: 'bounded loads need the total in flight over the pool' },
  create: (params, env) =>
    new PrefixAffinityStrategy(new HashRing(env.deployments.map((d) => d.id), params.virtualNodes), params),
};
