import type { PrefixCacheSpec } from '../../config/traffic-source-schema.js';
import { LruSet } from '../../core/lru-set.js';

export interface PrefixCacheStats {
  lookups: number;
  blocksLookedUp: number;
  blocksHit: number;
  cachedInputTokens: number;
}

/**
 * A provider's KV prefix cache: an LRU set of prefix blocks, keyed by (block hash, model),
 * since one model's KV blocks are useless to another. A request hits its k leading blocks
 * that are cached (a block hash stands for its whole prefix, as in Mooncake's hash_ids, so
 * the first miss ends the hit). After the lookup every block of the request is cached:
 * touched from the last block to the first, so a prefix's root is always more recently
 * used than its leaves and eviction trims chains from their ends (as vLLM does), instead
 * of cutting a shared root and orphaning every chain below it.
 *
 * The blocks live in an LruSet (core/lru-set.ts): O(1) per block touched, however many
 * evictions came before (a Map in insertion order is not, see there).
 */
export class PrefixCache {
  readonly capacityBlocks: number;
  readonly blockTokens: number;
  readonly ttftSavingFraction: number;
  private readonly blocks: LruSet;
  private readonly modelSlots: number;
  private readonly foldModulus: number;
  private readonly counts: PrefixCacheStats = { lookups: 0, blocksLookedUp: 0, blocksHit: 0, cachedInputTokens: 0 };

  constructor(spec: Pick<PrefixCacheSpec, 'capacityBlocks' | 'blockTokens' | 'ttftSavingFraction'>, models = 1) {
    this.capacityBlocks = spec.capacityBlocks;
    this.blockTokens = spec.blockTokens;
    this.ttftSavingFraction = spec.ttftSavingFraction;
    this.blocks = new LruSet(spec.capacityBlocks);
    this.modelSlots = Math.max(1, models);
    // Keys must stay exact doubles: fold hashes into [0, 2^53 / models).
    this.foldModulus = Math.floor(Number.MAX_SAFE_INTEGER / this.modelSlots);
  }

  get size(): number {
    return this.blocks.size;
  }

  private key(hash: number, model: number): number {
    // Hashes already in range skip the floating-point remainder (a libc call per block).
    const folded = hash >= 0 && hash < this.foldModulus ? hash : hash % this.foldModulus;
    return folded * this.modelSlots + model;
  }

  /** Leading blocks of `hashes` in the cache for `model`, without touching anything. */
  peekLeadingHits(hashes: readonly number[], model = 0): number {
    let k = 0;
    while (k < hashes.length && this.blocks.has(this.key(hashes[k], model))) k++;
    return k;
  }

  /** Cached prompt tokens for `k` leading block hits: whole blocks, at most the prompt. */
  cachedTokensFor(hitBlocks: number, inputTokens: number): number {
    return Math.min(hitBlocks * this.blockTokens, inputTokens);
  }

  /**
   * One request's prefill: counts the leading hits, then caches every block of the request
   * (evicting least recently used blocks beyond capacity). Returns the cached prompt tokens.
   */
  admit(hashes: readonly number[], inputTokens: number, model = 0): number {
    const hits = this.peekLeadingHits(hashes, model);
    for (let i = hashes.length - 1; i >= 0; i--) this.blocks.touch(this.key(hashes[i], model));
    const cached = this.cachedTokensFor(hits, inputTokens);
    const c = this.counts;
    c.lookups++;
    c.blocksLookedUp += hashes.length;
    c.blocksHit += hits;
    c.cachedInputTokens += cached;
    return cached;
  }

  /** Prompt tokens whose prefill still has to run when `cachedTokens` are cached. */
  prefillTokens(inputTokens: number, cachedTokens: number): number {
    return inputTokens - cachedTokens * this.ttftSavingFraction;
  }

  stats(): Readonly<PrefixCacheStats> {
    return this.counts;
  }
}
