import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrefixCache } from './prefix-cache.js';

const cache = (capacityBlocks: number, models = 1) => new PrefixCache({ capacityBlocks, blockTokens: 512, ttftSavingFraction: 1 }, models);

describe('PrefixCache', () => {
  it('hits the leading cached blocks only; the first miss ends the hit', () => {
    const c = cache(100);
    expect(c.admit([1, 2, 3], 1500)).toBe(0);
    expect(c.admit([1, 2, 3, 4], 2000)).toBe(3 * 512);
    expect(c.admit([1, 9, 3], 1500)).toBe(512); // 3 is cached but follows a miss
    expect(c.admit([7, 1, 2], 1500)).toBe(0);
    expect(c.stats()).toEqual({ lookups: 4, blocksLookedUp: 13, blocksHit: 4, cachedInputTokens: 4 * 512 });
  });

  it('caches at most the prompt: a full hit on a partial last block counts the prompt tokens', () => {
    const c = cache(10);
    c.admit([1, 2], 700);
    expect(c.admit([1, 2], 700)).toBe(700);
  });

  it('evicts least recently used blocks, leaves (chain ends) before roots', () => {
    const c = cache(4);
    c.admit([1, 2, 3], 1536); // order LRU→MRU: 3, 2, 1
    c.admit([1, 4], 1024); // touches 4 then 1: 3, 2, 4, 1
    expect(c.size).toBe(4);
    c.admit([5], 512); // evicts 3 (the leaf of the oldest chain), not the shared root 1
    expect(c.peekLeadingHits([1, 2, 3])).toBe(2);
    expect(c.peekLeadingHits([1, 4])).toBe(2);
    expect(c.size).toBe(4);
  });

  it('keeps models apart: one model\'s blocks never serve another', () => {
    const c = cache(10, 2);
    c.admit([1, 2], 1024, 0);
    expect(c.admit([1, 2], 1024, 1)).toBe(0);
    expect(c.admit([1, 2], 1024, 0)).toBe(1024);
  });

  it('prefill shrinks by the saving fraction of the cached tokens', () => {
    const c = new PrefixCache({ capacityBlocks: 10, blockTokens: 512, ttftSavingFraction: 0.75 });
    expect(c.prefillTokens(2000, 1024)).toBe(2000 - 768);
  });

  it('model-based: matches a reference LRU (array) on random request streams', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        (capacity, requests) => {
          const c = cache(capacity);
          let lru: number[] = []; // least recently used first
          for (const hashes of requests) {
            let k = 0;
            while (k < hashes.length && lru.includes(hashes[k])) k++;
            for (let i = hashes.length - 1; i >= 0; i--) {
              lru = lru.filter((x) => x !== hashes[i]);
              if (lru.length >= capacity) lru.shift();
              lru.push(hashes[i]);
            }
            expect(c.admit(hashes, hashes.length * 512)).toBe(k * 512);
            expect(c.size).toBe(lru.length);
            expect(c.size).toBeLessThanOrEqual(capacity);
            for (let h = 0; h <= 15; h++) expect(c.peekLeadingHits([h])).toBe(lru.includes(h) ? 1 : 0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
