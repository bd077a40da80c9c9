import { z } from 'zod';
import type { Candidate, PickContext, RouteRequest, Strategy } from '../types.js';
import { untriedOrAll } from './candidate-pool.js';
import { fmix32, hashKey } from './pickers/hash.js';
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

const FNV_PRIME = 0x01000193;
const TWO_32 = 4_294_967_296;

/**
 * The affinity key: the first `blocks` prefix hashes (requests that share a prompt prefix
 * share a key), else the session, else the client, else the request id.
 */
export function affinityHash(req: RouteRequest, blocks: number): number {
  const hashes = req.prefixHashes;
  if (hashes !== undefined && hashes.length > 0) {
    let h = 0x811c9dc5;
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
    const pool = untriedOrAll(candidates, ctx.tried);
    if (pool.length === 0) return undefined;
    return this.choose(affinityHash(req, this.params.prefixBlocks), pool);
  }

  /** 1 for the candidate this request goes to, 0 for the others. */
  explain(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number> {
    const pool = untriedOrAll(candidates, ctx.tried);
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
    const slot = this.slot;
    let onRing = 0;
    for (let i = 0; i < pool.length; i++) {
      const d = this.indexOf.get(pool[i].deployment.id);
      if (d !== undefined) {
        slot[d] = i + 1;
        onRing++;
      }
    }
    let chosen: Candidate | undefined;
    let fallback: Candidate | undefined;
    if (onRing > 0) {
      const start = this.ring.firstPositionAtOrAfter(hash);
      for (let step = 0; step < this.ring.size; step++) {
        const s = slot[this.indexOf.get(this.ring.ownerAt(start + step))!];
        if (s === 0) continue;
        const c = pool[s - 1];
        fallback ??= c;
        if (c.stats.inFlight + 1 <= cap) {
          chosen = c;
          break;
        }
      }
    }
    for (const c of pool) {
      const d = this.indexOf.get(c.deployment.id);
      if (d !== undefined) slot[d] = 0;
    }
    // Unreachable in practice: the least loaded candidate is always within the bound.
    return chosen ?? fallback ?? pool[hash % pool.length];
  }
}

export const prefixAffinityStrategy: StrategyDefinition<PrefixAffinityParams> = {
  name: 'prefix-affinity',
  description: 'Consistent hash on the leading prefix-cache blocks (or session/client) with bounded loads: cache hits without hot spots',
  paramsSchema: prefixAffinityParamsSchema,
  create: (params, env) =>
    new PrefixAffinityStrategy(new HashRing(env.deployments.map((d) => d.id), params.virtualNodes), params),
};
