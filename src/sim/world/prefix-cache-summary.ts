import type { PrefixCacheSummary } from '../../metrics/run-summary.js';
import type { PrefixCacheStats } from './prefix-cache.js';

/** What a provider exposes about its prefix cache (undefined: it has none). */
export interface HasPrefixCache {
  readonly id: string;
  prefixCacheStats(): Readonly<PrefixCacheStats> | undefined;
}

/** The RunSummary `prefixCache` field: one entry per provider with a cache; absent when none has one. */
export function prefixCacheSummaryOf(providers: Iterable<HasPrefixCache>): { prefixCache?: PrefixCacheSummary[] } {
  const out: PrefixCacheSummary[] = [];
  for (const p of providers) {
    const s = p.prefixCacheStats();
    if (s === undefined) continue;
    out.push({
      providerId: p.id,
      lookups: s.lookups,
      blocksLookedUp: s.blocksLookedUp,
      blocksHit: s.blocksHit,
      hitRate: s.blocksLookedUp > 0 ? s.blocksHit / s.blocksLookedUp : NaN,
      cachedInputTokens: s.cachedInputTokens,
    });
  }
  return out.length > 0 ? { prefixCache: out } : {};
}
